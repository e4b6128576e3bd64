using Microsoft.Net.Http.Headers;

namespace MakCrm.WebApi.Http;

/// <summary>
/// An aggregate's version as a strong entity tag (<c>"3"</c>), <c>If-Match</c> read back into a
/// <see cref="VersionCheck"/>, and <c>If-None-Match</c> checked against a representation's tag.
/// </summary>
public static class ETag
{
    public static string For(int version) => $"\"{version}\"";

    public static VersionCheck IfMatch(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return VersionCheck.Missing;
        }

        if (!EntityTagHeaderValue.TryParseList([header], out var tags) || tags.Count == 0)
        {
            return VersionCheck.Unmatchable;
        }

        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return VersionCheck.Any;
        }

        // If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches.
        var strong = tags.FirstOrDefault(t => !t.IsWeak);
        return strong is null ? VersionCheck.Unmatchable : VersionCheck.Exactly(strong.Tag.ToString()[1..^1]);
    }

    public static void Write(HttpResponse response, int version) => response.Headers.ETag = For(version);

    /// <summary>A representation's <see cref="ContentTag"/> as its strong entity tag.</summary>
    public static void Write(HttpResponse response, string contentTag) => response.Headers.ETag = $"\"{contentTag}\"";

    /// <summary>
    /// Whether <c>If-None-Match</c> names <paramref name="tag"/> or is <c>*</c>: the caller's copy is current. It
    /// compares weakly (RFC 9110 13.1.2), so <c>W/"x"</c> names <c>"x"</c>; a header that does not parse names nothing.
    /// </summary>
    public static bool IsCurrent(string? ifNoneMatch, string tag) =>
        ifNoneMatch is not null
        && EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(tag, StringComparison.Ordinal));
}
