using System.Text.Json.Nodes;
using MakCrm.WebApi.OpenApi;

namespace MakCrm.WebApi.Http;

public static class CabinetCors
{
    /// <summary>How long a browser may reuse a preflight's answer (Chromium caps it at two hours, Firefox at a
    /// day).</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);

    /// <summary>
    /// Request headers a browser client sends that are not parameters of any operation: the access token, the body's
    /// and the wanted media type, and W3C trace context.
    /// </summary>
    public static readonly string[] TransportRequestHeaders =
    [
        "Authorization",
        "Content-Type",
        "Accept",
        "traceparent",
        "tracestate",
    ];

    /// <summary>
    /// Response headers the server adds to answers whatever the contract's responses list: the rate limits (on every
    /// limited answer), <c>Retry-After</c> (429 and 503), <c>WWW-Authenticate</c> (401) and the deprecation notice of a
    /// deprecated operation.
    /// </summary>
    public static readonly string[] TransportResponseHeaders =
    [
        RateLimits.PolicyHeader,
        RateLimits.Header,
        "Retry-After",
        "WWW-Authenticate",
        DeprecationNotices.DeprecationHeader,
        DeprecationNotices.SunsetHeader,
        DeprecationNotices.LinkHeader,
    ];

    /// <summary>The request headers browsers may send: the contract's header parameters and the transport
    /// ones.</summary>
    public static IReadOnlyList<string> AllowedHeaders(JsonObject contract) =>
        Union(TransportRequestHeaders, ContractHeaders.RequestHeaders(contract));

    /// <summary>The response headers browsers may read: those the contract's responses declare and the transport
    /// ones.</summary>
    public static IReadOnlyList<string> ExposedHeaders(JsonObject contract) =>
        Union(TransportResponseHeaders, ContractHeaders.ResponseHeaders(contract));

    /// <summary>
    /// Browsers may call the API only from the cabinets' origins in <c>Mak:Cors:AllowedOrigins</c> (none: same-origin
    /// only), with every method and request header the contract's operations take, and may read every response
    /// header the contract declares. Both lists come from the contract the server ships, so that a header added to
    /// the contract is allowed and exposed without a change here.
    /// </summary>
    public static IServiceCollection AddCabinetCors(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCors(o =>
            o.AddDefaultPolicy(policy =>
            {
                var origins = configuration.GetSection("Mak:Cors:AllowedOrigins").Get<string[]>() ?? [];
                policy
                    .WithOrigins(origins)
                    .WithMethods([.. ContractHeaders.HttpMethods(ContractDocument.Json)])
                    .WithHeaders([.. AllowedHeaders(ContractDocument.Json)])
                    .WithExposedHeaders([.. ExposedHeaders(ContractDocument.Json)])
                    .SetPreflightMaxAge(PreflightMaxAge);
            })
        );

    private static string[] Union(IEnumerable<string> first, IEnumerable<string> second) =>
        first.Concat(second).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
}
