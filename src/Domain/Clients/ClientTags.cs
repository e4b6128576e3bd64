namespace MakCrm.Domain.Clients;

/// <summary>
/// Free labels on a client, normalised so that one label has one spelling: trimmed, inner white space collapsed,
/// lower-cased; duplicates dropped; kept in ordinal order so that the same set always looks the same.
/// </summary>
public static class ClientTags
{
    public const int MaxCount = 20;
    public const int MaxLength = 50;

    public static string Normalize(string tag) => TextNormalizer.Collapse(tag).ToLowerInvariant();

    public static string[] Normalize(IEnumerable<string> tags) =>
        tags.Select(Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
