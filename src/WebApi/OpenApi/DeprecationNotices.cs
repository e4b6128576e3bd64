using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MakCrm.WebApi.OpenApi;

/// <summary>The headers every answer of one deprecated operation carries.</summary>
/// <param name="Deprecation">RFC 9745: <c>@&lt;unix seconds&gt;</c> of the day the operation is (or will be)
/// deprecated.</param>
/// <param name="Sunset">RFC 8594: the HTTP-date after which the operation may stop answering.</param>
/// <param name="Link">The human-readable notice: <c>&lt;url&gt;; rel="deprecation"; type="text/html"</c>.</param>
public sealed record DeprecationNotice(string Deprecation, string Sunset, string Link);

/// <summary>
/// The operations the contract marks deprecated (docs/api-versioning.md): <c>deprecated: true</c> with
/// <c>x-deprecated-at</c> and <c>x-sunset</c>, each a date (<c>YYYY-MM-DD</c>, the start of that day in UTC), at least
/// <see cref="MinimumNotice"/> apart; optionally <c>externalDocs.url</c>, the page the <c>Link</c> points at (else
/// the operation in Swagger UI, whose description must say what to use instead). Read once from the contract, so the
/// contract is the one place an operation is deprecated.
/// </summary>
public sealed class DeprecationNotices
{
    public const string DeprecationHeader = "Deprecation";
    public const string SunsetHeader = "Sunset";
    public const string LinkHeader = "Link";

    /// <summary>The least time between deprecating an operation and its sunset.</summary>
    public const int MinimumNoticeMonths = 6;

    private readonly FrozenDictionary<string, DeprecationNotice> _byOperationId;

    private DeprecationNotices(FrozenDictionary<string, DeprecationNotice> byOperationId) =>
        _byOperationId = byOperationId;

    public static string MinimumNotice => $"{MinimumNoticeMonths} months";

    public bool IsEmpty => _byOperationId.Count == 0;

    /// <summary>The notice of an operation, by its operationId; null when it is not deprecated.</summary>
    public DeprecationNotice? For(string operationId) => _byOperationId.GetValueOrDefault(operationId);

    /// <summary>The notices of a contract; a contract that marks an operation wrongly (see <see cref="Problems"/>) is
    /// refused.</summary>
    public static DeprecationNotices From(JsonObject contract)
    {
        var problems = Problems(contract);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The contract marks operations deprecated wrongly:\n" + string.Join("\n", problems)
            );
        }

        var notices = new Dictionary<string, DeprecationNotice>(StringComparer.Ordinal);
        foreach (var (operationId, operation) in Named(contract))
        {
            if (operation["deprecated"]?.GetValue<bool>() == true)
            {
                var deprecatedAt = Date(operation["x-deprecated-at"])!.Value;
                var sunset = Date(operation["x-sunset"])!.Value;
                var page =
                    operation["externalDocs"]?["url"]?.GetValue<string>() ?? SwaggerUiLink(operation, operationId);
                notices[operationId] = new DeprecationNotice(
                    "@" + deprecatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    sunset.ToString("R", CultureInfo.InvariantCulture),
                    $"<{page}>; rel=\"deprecation\"; type=\"text/html\""
                );
            }
        }

        return new DeprecationNotices(notices.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// What is wrong with the contract's deprecation marks, one line each: a deprecated operation without both dates,
    /// a date that is not <c>YYYY-MM-DD</c>, a sunset less than <see cref="MinimumNoticeMonths"/> months after the
    /// deprecation, dates on an operation that is not deprecated.
    /// </summary>
    public static List<string> Problems(JsonObject contract)
    {
        var problems = new List<string>();
        foreach (var (operationId, operation) in Named(contract))
        {
            var deprecated = operation["deprecated"]?.GetValue<bool>() == true;
            var deprecatedAt = operation["x-deprecated-at"];
            var sunset = operation["x-sunset"];
            if (!deprecated)
            {
                if (deprecatedAt is not null || sunset is not null)
                {
                    problems.Add(
                        $"{operationId}: x-deprecated-at and x-sunset are only for an operation with deprecated: true."
                    );
                }

                continue;
            }

            var from = Date(deprecatedAt);
            var to = Date(sunset);
            if (from is null)
            {
                problems.Add($"{operationId}: a deprecated operation needs x-deprecated-at, a date (YYYY-MM-DD).");
            }

            if (to is null)
            {
                problems.Add($"{operationId}: a deprecated operation needs x-sunset, a date (YYYY-MM-DD).");
            }

            if (from is { } f && to is { } t && t < f.AddMonths(MinimumNoticeMonths))
            {
                problems.Add($"{operationId}: x-sunset must be at least {MinimumNotice} after x-deprecated-at.");
            }
        }

        return problems;
    }

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue value
        && value.TryGetValue<string>(out var text)
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    // Swagger UI's deep link to an operation: #/<first tag, spaces as underscores>/<operationId>.
    private static string SwaggerUiLink(JsonObject operation, string operationId)
    {
        var tag = operation["tags"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? "default";
        return $"/swagger/index.html#/{Uri.EscapeDataString(tag.Replace(' ', '_'))}/"
            + Uri.EscapeDataString(operationId);
    }

    private static IEnumerable<(string OperationId, JsonObject Operation)> Named(JsonObject contract) =>
        ContractDocument
            .Operations(contract)
            .Where(o => o.OperationId is not null)
            .Select(o => (o.OperationId!, o.Operation));
}

public static class DeprecationHeaders
{
    /// <summary>
    /// Adds the <see cref="DeprecationNotice"/> headers to every answer of a deprecated operation — successes and
    /// problems alike (a 401 or a 429 still tells the integrator that the operation is going away) — once the
    /// response starts, so that an exception handler that clears the headers does not drop them. The operation is
    /// the endpoint's name, its operationId. With nothing deprecated, the pipeline is left as it is.
    /// </summary>
    public static IApplicationBuilder UseDeprecationHeaders(this IApplicationBuilder app)
    {
        var notices = app.ApplicationServices.GetRequiredService<DeprecationNotices>();
        if (notices.IsEmpty)
        {
            return app;
        }

        return app.Use(
            (context, next) =>
            {
                if (
                    context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name
                    && notices.For(name.EndpointName) is { } notice
                )
                {
                    context.Response.OnStarting(
                        static state =>
                        {
                            var (response, notice) = ((HttpResponse, DeprecationNotice))state;
                            response.Headers[DeprecationNotices.DeprecationHeader] = notice.Deprecation;
                            response.Headers[DeprecationNotices.SunsetHeader] = notice.Sunset;
                            response.Headers.Append(DeprecationNotices.LinkHeader, notice.Link);
                            return Task.CompletedTask;
                        },
                        (context.Response, notice)
                    );
                }

                return next(context);
            }
        );
    }
}
