using System.Text.Json.Nodes;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// Serves the contract, api-spec/openapi.yaml, as it is (YAML) and as JSON whose <c>servers</c> names the host that
/// served it, so that Swagger UI's "Try it out" calls this server whatever its address.
/// </summary>
internal static class ContractDocument
{
    public const string YamlPath = "/openapi/v1.yaml";
    public const string JsonPath = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapContractDocument(this IEndpointRouteBuilder app)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "api-spec", "openapi.yaml");
        var yaml = File.ReadAllText(file);
        var json = YamlToJson.Convert(yaml)!.AsObject();

        app.MapGet(YamlPath, () => TypedResults.Text(yaml, "application/yaml; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet(JsonPath, (HttpRequest request) =>
        {
            var document = json.DeepClone().AsObject();
            document["servers"] = new JsonArray(new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}" });
            return TypedResults.Text(document.ToJsonString(), "application/json; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
