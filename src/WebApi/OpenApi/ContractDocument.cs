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

    public static string Yaml { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "api-spec", "openapi.yaml"));

    /// <summary>The contract as JSON; shared, so read it and clone it before changing it.</summary>
    public static JsonObject Json { get; } = YamlToJson.Convert(Yaml)!.AsObject();

    public static IEndpointRouteBuilder MapContractDocument(this IEndpointRouteBuilder app)
    {
        app.MapGet(YamlPath, () => TypedResults.Text(Yaml, "application/yaml; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet(JsonPath, (HttpRequest request) =>
        {
            var document = Json.DeepClone().AsObject();
            document["servers"] = new JsonArray(new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}" });
            return TypedResults.Text(document.ToJsonString(), "application/json; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
