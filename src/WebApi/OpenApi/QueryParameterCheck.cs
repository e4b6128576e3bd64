using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using MakCrm.Domain.Common;
using Microsoft.Extensions.Primitives;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// Checks a request's query string against its operation in the contract, keyed by operationId (the endpoint's name):
/// a parameter the operation does not take is a 400 naming it, so that a misspelt or unsupported filter is an error
/// rather than silently ignored (an unfiltered list); and a whole number outside the bounds the contract gives its
/// parameter (<c>minimum</c>, <c>maximum</c>: every list's <c>limit</c>) is a 400 naming it, however far outside, so
/// no handler ever sees a page size of 0, -1 or 10^20.
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
        return app.Use(
            (context, next) =>
                context.Request.QueryString.HasValue
                && context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name
                && operations.TryGetValue(name.EndpointName, out var parameters)
                && Check(context.Request.Query, parameters) is { } error
                    ? Problems.From(error).ExecuteAsync(context)
                    : next(context)
        );
    }

    private static Error? Check(IQueryCollection query, FrozenDictionary<string, Bounds?> parameters)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var (name, values) in query)
        {
            var problem =
                !parameters.TryGetValue(name, out var bounds) ? Message
                : bounds is not null && bounds.Refuses(values) ? bounds.Message
                : null;
            if (problem is not null)
            {
                (errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal))[name] = [problem];
            }
        }

        return errors is null ? null : Error.Validation(errors);
    }

    /// <summary>
    /// The bounds of an integer parameter. A value that is a whole number outside them is refused, whatever its size;
    /// a value that is no whole number is left to the endpoint's binding, which names the type it wants.
    /// </summary>
    internal sealed record Bounds(BigInteger? Minimum, BigInteger? Maximum)
    {
        public string Message =>
            (Minimum, Maximum) switch
            {
                ({ } min, { } max) => $"Must be between {min} and {max}.",
                ({ } min, null) => $"Must be at least {min}.",
                _ => $"Must be at most {Maximum}.",
            };

        public bool Refuses(StringValues values)
        {
            foreach (var value in values)
            {
                if (
                    BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    && (n < Minimum || n > Maximum)
                )
                {
                    return true;
                }
            }

            return false;
        }

        public static Bounds? Of(JsonNode? schema) =>
            schema?["type"]?.GetValue<string>() == "integer" && (schema["minimum"] ?? schema["maximum"]) is not null
                ? new Bounds(Number(schema["minimum"]), Number(schema["maximum"]))
                : null;

        private static BigInteger? Number(JsonNode? node) =>
            node is null ? null : BigInteger.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The query parameters of every operation in the contract, by operationId, with the bounds of those that have any;
    /// matched as model binding matches them (ignoring case). The OAuth endpoints under <c>/connect</c> are left out:
    /// there the authorization server must ignore parameters it does not recognize (RFC 6749 §3.1, §3.2).
    /// </summary>
    internal static FrozenDictionary<string, FrozenDictionary<string, Bounds?>> QueryParameters(JsonObject contract)
    {
        var operations = new Dictionary<string, FrozenDictionary<string, Bounds?>>(StringComparer.Ordinal);
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

                operations[operationId] = shared
                    .Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(parameter => ContractDocument.Resolve(contract, parameter!))
                    .Where(parameter => parameter["in"]!.GetValue<string>() == "query")
                    .ToFrozenDictionary(
                        parameter => parameter["name"]!.GetValue<string>(),
                        parameter =>
                            Bounds.Of(
                                parameter["schema"] is { } schema ? ContractDocument.Resolve(contract, schema) : null
                            ),
                        StringComparer.OrdinalIgnoreCase
                    );
            }
        }

        return operations.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
