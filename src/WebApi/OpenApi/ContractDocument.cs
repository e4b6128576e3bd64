using System.Text.Json.Nodes;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// The contract, api-spec/openapi.yaml (copied next to the server by the build), read once. It is served as it is
/// (YAML) and as JSON whose <c>servers</c> names the host that served it, so that Swagger UI's "Try it out" calls this
/// server whatever its address; and the server reads what it says about its own operations
/// (<see cref="QueryParameterCheck"/>).
/// </summary>
internal static class ContractDocument
{
    public const string YamlPath = "/openapi/v1.yaml";
    public const string JsonPath = "/openapi/v1.json";

    public static string Yaml { get; } =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "api-spec", "openapi.yaml"));

    /// <summary>The contract as JSON; shared, so read it and clone it before changing it.</summary>
    public static JsonObject Json { get; } = YamlToJson.Convert(Yaml)!.AsObject();

    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    /// <summary>Every operation of a contract, with the parameters of its path and its own (unresolved).</summary>
    internal static IEnumerable<ContractOperation> Operations(JsonObject contract)
    {
        foreach (var (path, item) in contract["paths"]?.AsObject() ?? [])
        {
            var shared = item?["parameters"]?.AsArray().Select(p => p!) ?? [];
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    yield return new ContractOperation(
                        path,
                        method,
                        operation,
                        [.. shared.Concat(operation["parameters"]?.AsArray().Select(p => p!) ?? [])]
                    );
                }
            }
        }
    }

    /// <summary>The node a <c>$ref</c> (a local one, <c>#/components/...</c>) points at, or the node itself.</summary>
    internal static JsonNode Resolve(JsonObject contract, JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference["#/".Length..]
                .Split('/')
                .Aggregate((JsonNode)contract, (current, segment) => current[segment]!);
        }

        return node;
    }

    public static IEndpointRouteBuilder MapContractDocument(this IEndpointRouteBuilder app)
    {
        app.MapGet(YamlPath, () => TypedResults.Text(Yaml, "application/yaml; charset=utf-8"))
            .ExcludeFromDescription()
            .AllowAnonymous();
        app.MapGet(
                JsonPath,
                (HttpRequest request) =>
                {
                    var document = Json.DeepClone().AsObject();
                    document["servers"] = new JsonArray(
                        new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}" }
                    );
                    return TypedResults.Text(document.ToJsonString(), "application/json; charset=utf-8");
                }
            )
            .ExcludeFromDescription()
            .AllowAnonymous();
        return app;
    }
}

/// <summary>One operation of the contract: its path, its method (lower case), its object and its parameters.</summary>
internal sealed record ContractOperation(
    string Path,
    string Method,
    JsonObject Operation,
    IReadOnlyList<JsonNode> Parameters
)
{
    public string? OperationId => Operation["operationId"]?.GetValue<string>();
}
