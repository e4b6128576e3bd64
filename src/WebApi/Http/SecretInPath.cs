using System.Collections.Concurrent;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Marks an endpoint whose path carries a secret (amoCRM's webhook: the secret is what authenticates it). Such a
/// path is written to the access log, the traces and the error reports as its route template, never as requested:
/// <see cref="Redact"/> knows every such route by the literal part before its first parameter, so it needs no
/// routing (a trace's path is set before the request is routed).
/// </summary>
public sealed class SecretInPath
{
    private static readonly ConcurrentDictionary<string, string> Templates = new(StringComparer.Ordinal);

    private SecretInPath(string template) => Template = template;

    public string Template { get; }

    /// <summary>The metadata of the route <paramref name="template"/>, which is remembered for <see cref="Redact"/>.
    /// </summary>
    public static SecretInPath For(string template)
    {
        Templates[template[..template.IndexOf('{', StringComparison.Ordinal)]] = template;
        return new SecretInPath(template);
    }

    /// <summary>The path as logs may record it: a path of a route marked with a secret becomes its template.
    /// </summary>
    public static string Redact(string path)
    {
        foreach (var (prefix, template) in Templates)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return template;
            }
        }

        return path;
    }

    /// <summary>An absolute URL with its path redacted (<see cref="Redact"/>) and its query left out.</summary>
    public static string RedactUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            ? absolute.GetLeftPart(UriPartial.Authority) + Redact(absolute.AbsolutePath)
            : Redact(url.Split('?', 2)[0]);
}
