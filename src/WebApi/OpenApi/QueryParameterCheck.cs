using System.Collections.Frozen;
using System.Text.Json.Nodes;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// Answers a request that carries a query parameter its operation does not take with a 400 naming that parameter,
/// so that a misspelt or unsupported filter is an error rather than silently ignored (an unfiltered list). The
/// parameters each operation takes are the contract's, keyed by operationId, which is the endpoint's name.
/// </summary>
public static class QueryParameterCheck
{
    public const string Message = "Is not a parameter of this operation.";

    /// <summary>
    /// Checks after routing (the endpoint names the operation) and after authentication, authorization and rate
    /// limits (a caller learns nothing before them, and a refused request counts like any other). A request without
    /// a query string, and an endpoint the contract does not describe (health, the contract itself), pass untouched.
    /// </summary>
    public static IApplicationBuilder UseQueryParameterCheck(this IApplicationBuilder app)
    {
        var operations = QueryParameters(ContractDocument.Json);
        return app.Use((context, next) =>
            context.Request.QueryString.HasValue
            && context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name
            && operations.TryGetValue(name.EndpointName, out var allowed)
            && Unknown(context.Request.Query, allowed) is { } error
                ? Problems.From(error).ExecuteAsync(context)
                : next(context));
    }

    private static Error? Unknown(IQueryCollection query, FrozenSet<string> allowed)
    {
        Dictionary<string, string[]>? unknown = null;
        foreach (var (name, _) in query)
        {
            if (!allowed.Contains(name))
            {
                (unknown ??= new Dictionary<string, string[]>(StringComparer.Ordinal))[name] = [Message];
            }
        }

        return unknown is null ? null : Error.Validation(unknown);
    }

    /// <summary>
    /// The names of the query parameters of every operation in the contract, by operationId, matched as model binding
    /// matches them (ignoring case). The OAuth endpoints under <c>/connect</c> are left out: there the authorization
    /// server must ignore parameters it does not recognize (RFC 6749 §3.1, §3.2).
    /// </summary>
    internal static FrozenDictionary<string, FrozenSet<string>> QueryParameters(JsonObject contract)
    {
        var operations = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (var (path, item) in contract["paths"]!.AsObject())
        {
            if (path.StartsWith("/connect/", StringComparison.Ordinal))
            {
                continue;
            }

            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (_, operation) in item.AsObject())
            {
                if (operation is not JsonObject || operation["operationId"]?.GetValue<string>() is not { } operationId)
                {
                    continue;
                }

                operations[operationId] = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(parameter => Resolve(contract, parameter!))
                    .Where(parameter => parameter["in"]!.GetValue<string>() == "query")
                    .Select(parameter => parameter["name"]!.GetValue<string>())
                    .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
            }
        }

        return operations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    internal static JsonNode Resolve(JsonObject contract, JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference["#/".Length..].Split('/').Aggregate((JsonNode)contract, (current, segment) => current[segment]!);
        }

        return node;
    }
}
