using MakCrm.Domain.Common;
using Microsoft.Extensions.Primitives;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Text a request may carry is text PostgreSQL can store, so U+0000 is refused wherever it arrives — in a JSON body
/// (<see cref="JsonBodyReader"/>), a form (<see cref="FormBody"/>) or the query string
/// (<see cref="UseQueryTextCheck"/>)
/// — as a 400 naming the field, before it could reach the database as a failed statement. A JSON body can also escape
/// half of a UTF-16 surrogate pair, which is no text at all: refused the same way.
/// </summary>
public static class RequestText
{
    public const string NulMessage = "Must not contain the NUL character (U+0000).";

    /// <summary>For JSON text with an unpaired surrogate escape (<c>"\ud800"</c>, <c>"\udc00\ud800"</c>).</summary>
    public const string NotUnicodeMessage =
        "Must be Unicode text: it holds a UTF-16 surrogate escape without its other half.";

    public static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    /// <summary>The first name whose name or one of whose values holds U+0000, or <c>null</c> when none does.</summary>
    public static string? FirstWithNul(IEnumerable<KeyValuePair<string, StringValues>> fields)
    {
        foreach (var (name, values) in fields)
        {
            if (HasNul(name) || values.Any(HasNul))
            {
                return name.Replace("\0", "\\u0000", StringComparison.Ordinal);
            }
        }

        return null;
    }

    /// <summary>
    /// Answers an <c>/api</c> request whose query string holds U+0000 (sent as <c>%00</c>) with a 400 naming the
    /// parameter,
    /// for every endpoint at once, before any of them binds it. The OAuth endpoints under <c>/connect</c> take their
    /// parameters from the form and ignore the query (RFC 6749 §3.2), so it cannot reach them.
    /// </summary>
    public static IApplicationBuilder UseQueryTextCheck(this IApplicationBuilder app) =>
        app.Use(
            async (context, next) =>
            {
                var query = context.Request.QueryString;
                if (
                    query.HasValue
                    && query.Value!.Contains("%00", StringComparison.Ordinal)
                    && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
                    && FirstWithNul(context.Request.Query) is { } name
                )
                {
                    await Problems.From(Error.Validation(name, NulMessage)).ExecuteAsync(context);
                    return;
                }

                await next(context);
            }
        );
}
