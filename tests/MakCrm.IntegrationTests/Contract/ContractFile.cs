using System.Text.Json.Nodes;
using MakCrm.WebApi.OpenApi;

namespace MakCrm.IntegrationTests.Contract;

/// <summary>api-spec/openapi.yaml, found above the test's directory, as the JSON document it describes.</summary>
public static class ContractFile
{
    public static JsonObject Load() => YamlToJson.Convert(File.ReadAllText(Path()))!.AsObject();

    public static string Path()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "api-spec", "openapi.yaml");
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(directory.FullName, "MakCrm.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("api-spec/openapi.yaml was not found above the test's directory.");
    }
}
