using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Knowledge;

/// <summary>
/// Who may read an article or a FAQ entry: the roles and the organization kinds (snake_case names) it is shown to;
/// an empty list means every one. A reader must match both lists.
/// </summary>
public sealed record Visibility(IReadOnlyList<string> Roles, IReadOnlyList<string> OrganizationKinds)
{
    public const int MaxItems = 10;

    public static Visibility Everyone { get; } = new([], []);

    public static IReadOnlyList<string> KnownKinds { get; } =
        Enum.GetValues<OrganizationKind>().Select(k => SnakeCaseNames<OrganizationKind>.Of(k)).ToList();

    public static bool AreKnownRoles(IReadOnlyList<string>? roles) =>
        roles is { Count: <= MaxItems } && roles.All(r => Access.Roles.DefaultMatrix.ContainsKey(r));

    public static bool AreKnownKinds(IReadOnlyList<string>? kinds) =>
        kinds is { Count: <= MaxItems } && kinds.All(k => KnownKinds.Contains(k));

    /// <summary>Whether a reader with <paramref name="roles"/> in an organization of <paramref name="kind"/> sees what
    /// this is the visibility of: one of its roles is listed and its kind is (an empty list lists every one).</summary>
    public bool ShowsTo(IReadOnlyCollection<string> roles, string kind) =>
        (Roles.Count == 0 || Roles.Any(roles.Contains))
        && (OrganizationKinds.Count == 0 || OrganizationKinds.Contains(kind));

    /// <summary>The lists de-duplicated and sorted, as stored.</summary>
    public Visibility Normalized() =>
        new(
            Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            OrganizationKinds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
        );
}

/// <summary>Text as stored: control characters other than line breaks and tabs dropped.</summary>
public static class KnowledgeText
{
    public static string Clean(string text) =>
        new(text.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray());

    /// <summary>Tags trimmed, lower-cased, de-duplicated and sorted.</summary>
    public static List<string> Tags(IEnumerable<string> tags) =>
        tags.Select(t => TextNormalizer.Collapse(t).ToLowerInvariant())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
