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
/// The operations and query parameters the contract marks deprecated (docs/api-versioning.md): <c>deprecated: true</c>
/// with <c>x-deprecated-at</c> and <c>x-sunset</c>, each a date (<c>YYYY-MM-DD</c>, the start of that day in UTC), at
/// least <see cref="MinimumNotice"/> apart; optionally <c>externalDocs.url</c> on the operation, the page the
/// <c>Link</c> points at (else the operation in Swagger UI, whose description must say what to use instead). A
/// deprecated parameter may name its replacement, <c>x-replaced-by</c>: another query parameter of the operation. Read
/// once from the contract, so the contract is the one place an operation or a parameter is deprecated.
/// </summary>
public sealed class DeprecationNotices
{
    public const string DeprecationHeader = "Deprecation";
    public const string SunsetHeader = "Sunset";
    public const string LinkHeader = "Link";

    /// <summary>The least time between deprecating an operation and its sunset.</summary>
    public const int MinimumNoticeMonths = 6;

    private readonly FrozenDictionary<string, DeprecationNotice> _byOperationId;
    private readonly FrozenDictionary<string, (string Name, DeprecationNotice Notice)[]> _parametersByOperationId;

    private DeprecationNotices(
        FrozenDictionary<string, DeprecationNotice> byOperationId,
        FrozenDictionary<string, (string Name, DeprecationNotice Notice)[]> parametersByOperationId
    )
    {
        _byOperationId = byOperationId;
        _parametersByOperationId = parametersByOperationId;
    }

    public static string MinimumNotice => $"{MinimumNoticeMonths} months";

    public bool IsEmpty => _byOperationId.Count == 0 && _parametersByOperationId.Count == 0;

    /// <summary>The notice of an operation, by its operationId; null when it is not deprecated.</summary>
    public DeprecationNotice? For(string operationId) => _byOperationId.GetValueOrDefault(operationId);

    /// <summary>The notice an answer to one request carries: its operation's, else that of the first deprecated
    /// query parameter the request sends; null when it uses nothing deprecated.</summary>
    public DeprecationNotice? For(string operationId, IQueryCollection query)
    {
        if (For(operationId) is { } notice)
        {
            return notice;
        }

        foreach (var (name, parameterNotice) in _parametersByOperationId.GetValueOrDefault(operationId) ?? [])
        {
            if (query.ContainsKey(name))
            {
                return parameterNotice;
            }
        }

        return null;
    }

    /// <summary>The notices of a contract; a contract that marks an operation or a parameter wrongly (see
    /// <see cref="Problems"/>) is refused.</summary>
    public static DeprecationNotices From(JsonObject contract)
    {
        var problems = Problems(contract);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The contract marks operations deprecated wrongly:\n" + string.Join("\n", problems)
            );
        }

        var operations = new Dictionary<string, DeprecationNotice>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, List<(string, DeprecationNotice)>>(StringComparer.Ordinal);
        foreach (var mark in Marks(contract).Where(m => m.Node["deprecated"]?.GetValue<bool>() == true))
        {
            var deprecatedAt = Date(mark.Node["x-deprecated-at"])!.Value;
            var sunset = Date(mark.Node["x-sunset"])!.Value;
            var page =
                mark.Operation["externalDocs"]?["url"]?.GetValue<string>()
                ?? SwaggerUiLink(mark.Operation, mark.OperationId);
            var notice = new DeprecationNotice(
                "@" + deprecatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                sunset.ToString("R", CultureInfo.InvariantCulture),
                $"<{page}>; rel=\"deprecation\"; type=\"text/html\""
            );
            if (mark.Parameter is { } parameter)
            {
                parameters.TryAdd(mark.OperationId, []);
                parameters[mark.OperationId].Add((parameter, notice));
            }
            else
            {
                operations[mark.OperationId] = notice;
            }
        }

        return new DeprecationNotices(
            operations.ToFrozenDictionary(StringComparer.Ordinal),
            parameters.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)
        );
    }

    /// <summary>
    /// What is wrong with the contract's deprecation marks, one line each: a deprecated operation or query parameter
    /// without both dates, a date that is not <c>YYYY-MM-DD</c>, a sunset less than
    /// <see cref="MinimumNoticeMonths"/> months after the deprecation, dates on what is not deprecated, and an
    /// <c>x-replaced-by</c> that names no other query parameter of the operation.
    /// </summary>
    public static List<string> Problems(JsonObject contract)
    {
        var problems = new List<string>();
        foreach (var mark in Marks(contract))
        {
            var what = mark.Parameter is null ? "operation" : "parameter";
            var aWhat = mark.Parameter is null ? "an operation" : "a parameter";
            var where = mark.Parameter is null ? mark.OperationId : $"{mark.OperationId} parameter {mark.Parameter}";
            var deprecated = mark.Node["deprecated"]?.GetValue<bool>() == true;
            var deprecatedAt = mark.Node["x-deprecated-at"];
            var sunset = mark.Node["x-sunset"];
            if (mark.Node["x-replaced-by"]?.GetValue<string>() is { } replacement)
            {
                if (!deprecated || replacement == mark.Parameter || !mark.QueryParameters.Contains(replacement))
                {
                    problems.Add(
                        $"{where}: x-replaced-by names another query parameter of the operation, on a deprecated one."
                    );
                }
            }

            if (!deprecated)
            {
                if (deprecatedAt is not null || sunset is not null)
                {
                    problems.Add(
                        $"{where}: x-deprecated-at and x-sunset are only for {aWhat} with deprecated: true."
                    );
                }

                continue;
            }

            var from = Date(deprecatedAt);
            var to = Date(sunset);
            if (from is null)
            {
                problems.Add($"{where}: a deprecated {what} needs x-deprecated-at, a date (YYYY-MM-DD).");
            }

            if (to is null)
            {
                problems.Add($"{where}: a deprecated {what} needs x-sunset, a date (YYYY-MM-DD).");
            }

            if (from is { } f && to is { } t && t < f.AddMonths(MinimumNoticeMonths))
            {
                problems.Add($"{where}: x-sunset must be at least {MinimumNotice} after x-deprecated-at.");
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

    // What may carry a deprecation mark: every named operation, and each of its query parameters (Parameter set).
    private sealed record Mark(
        string OperationId,
        JsonObject Operation,
        JsonObject Node,
        string? Parameter,
        IReadOnlySet<string> QueryParameters
    );

    private static IEnumerable<Mark> Marks(JsonObject contract)
    {
        foreach (var operation in ContractDocument.Operations(contract).Where(o => o.OperationId is not null))
        {
            var query = operation
                .Parameters.Select(p => ContractDocument.Resolve(contract, p).AsObject())
                .Where(p => p["in"]?.GetValue<string>() == "query")
                .ToList();
            var names = query.Select(p => p["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            yield return new Mark(operation.OperationId!, operation.Operation, operation.Operation, null, names);
            foreach (var parameter in query)
            {
                yield return new Mark(
                    operation.OperationId!,
                    operation.Operation,
                    parameter,
                    parameter["name"]!.GetValue<string>(),
                    names
                );
            }
        }
    }
}

public static class DeprecationHeaders
{
    /// <summary>
    /// Adds the <see cref="DeprecationNotice"/> headers to every answer of a deprecated operation, and to every
    /// answer of a request that sends a deprecated query parameter — successes and problems alike (a 401 or a 429
    /// still tells the integrator that what it uses is going away) — once the response starts, so that an exception
    /// handler that clears the headers does not drop them. The operation is the endpoint's name, its operationId.
    /// With nothing deprecated, the pipeline is left as it is.
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
                    && notices.For(name.EndpointName, context.Request.Query) is { } notice
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
