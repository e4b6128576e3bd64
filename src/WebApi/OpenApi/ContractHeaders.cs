using System.Text.Json.Nodes;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// The HTTP headers and methods the contract's operations use, read from the contract so that the browser edge
/// (<see cref="Http.CabinetCors"/>) follows it: a header parameter or response header added to the contract later is
/// allowed or exposed without a change here.
/// </summary>
public static class ContractHeaders
{
    /// <summary>The names of every header parameter of every operation (<c>If-Match</c>, <c>Idempotency-Key</c>,
    /// ...).</summary>
    public static IReadOnlyList<string> RequestHeaders(JsonObject contract) =>
        Distinct(
            ContractDocument
                .Operations(contract)
                .SelectMany(o => o.Parameters)
                .Select(parameter => ContractDocument.Resolve(contract, parameter))
                .Where(parameter => parameter["in"]?.GetValue<string>() == "header")
                .Select(parameter => parameter["name"]!.GetValue<string>())
        );

    /// <summary>The names of every header any response of any operation declares (<c>ETag</c>, <c>Location</c>,
    /// ...).</summary>
    public static IReadOnlyList<string> ResponseHeaders(JsonObject contract) =>
        Distinct(
            ContractDocument
                .Operations(contract)
                .SelectMany(o => o.Operation["responses"]?.AsObject().Select(r => r.Value) ?? [])
                .Select(response => ContractDocument.Resolve(contract, response!))
                .SelectMany(response => response["headers"]?.AsObject().Select(h => h.Key) ?? [])
        );

    /// <summary>The methods the contract's paths have, upper case.</summary>
    public static IReadOnlyList<string> HttpMethods(JsonObject contract) =>
        Distinct(ContractDocument.Operations(contract).Select(o => o.Method.ToUpperInvariant()));

    // Header names are case-insensitive: the first spelling met is kept.
    private static string[] Distinct(IEnumerable<string> names) =>
        names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
}
