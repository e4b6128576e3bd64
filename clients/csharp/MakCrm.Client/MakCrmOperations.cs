using System.Text.RegularExpressions;

namespace MakCrm.Client;

/// <summary>One operation of the contract: its <c>operationId</c>, HTTP method and path template.</summary>
/// <param name="Id">The contract's <c>operationId</c>, e.g. <c>listLeads</c>.</param>
/// <param name="Method">The HTTP method in capitals, e.g. <c>GET</c>.</param>
/// <param name="PathTemplate">The path relative to the server, e.g. <c>api/v1/leads/{id}</c>.</param>
/// <param name="TakesIdempotencyKey">Whether the operation declares the <c>Idempotency-Key</c> request header.</param>
public sealed record MakCrmOperation(string Id, string Method, string PathTemplate, bool TakesIdempotencyKey);

public static partial class MakCrmOperations
{
    /// <summary>The <see cref="HttpRequestMessage.Options"/> key under which the SDK's requests carry their operation.</summary>
    public static readonly HttpRequestOptionsKey<MakCrmOperation> RequestOption = new("MakCrm.Operation");

    // Templates with more literal segments first, so that `leads/segments` wins over `leads/{id}`.
    private static readonly (MakCrmOperation Operation, Regex Path)[] Matchers =
    [
        .. All
            .OrderByDescending(o => o.PathTemplate.Split('/').Count(s => !s.StartsWith('{')))
            .Select(o => (o, new Regex(
                "(?:^|/)" + string.Join("/", o.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? "[^/]+" : Regex.Escape(s))) + "/?$",
                RegexOptions.CultureInvariant | RegexOptions.IgnoreCase))),
    ];

    /// <summary>
    /// The operation a request is for: the one the SDK recorded on it, else the contract's operation whose method and
    /// path template match its method and path (a path prefix of the server address, such as <c>/gateway/</c>, is
    /// allowed); null when none does.
    /// </summary>
    public static MakCrmOperation? Find(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(RequestOption, out var recorded))
        {
            return recorded;
        }

        return request.RequestUri is { } uri ? Find(request.Method.Method, uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString) : null;
    }

    /// <summary>The operation of a method and a path (the query, if any, is ignored); null when none matches.</summary>
    public static MakCrmOperation? Find(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var bare = query < 0 ? path : path[..query];
        foreach (var (operation, template) in Matchers)
        {
            if (string.Equals(operation.Method, method, StringComparison.OrdinalIgnoreCase) && template.IsMatch(bare))
            {
                return operation;
            }
        }

        return null;
    }
}
