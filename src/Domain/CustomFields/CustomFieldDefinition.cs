using System.Text.RegularExpressions;
using MakCrm.Domain.Knowledge;

namespace MakCrm.Domain.CustomFields;

/// <summary>
/// A field head office adds to clients, leads or deals: its key (unique per entity among the definitions not
/// deleted), label, type, the options of a select, whether a value is required, and who sees it (empty lists show it
/// to everyone). The entity, key and type never change, since values are kept under the key in the type's form.
/// </summary>
public sealed partial class CustomFieldDefinition : AggregateRoot
{
    public const int MaxKeyLength = 64;
    public const int MaxLabelLength = 100;
    public const int MaxPosition = 10_000;
    public const int MaxOptions = 100;
    public const int MaxOptionLength = 100;

    /// <summary>The sortable fields an entity may have: each has an index that every write of a record updates.
    /// </summary>
    public const int MaxSortablePerEntity = 5;

    private CustomFieldDefinition() { }

    private CustomFieldDefinition(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public CustomFieldEntity Entity { get; private set; }

    public string Key { get; private set; } = "";

    public string Label { get; private set; } = "";

    public CustomFieldType Type { get; private set; }

    /// <summary>The choices of a select or multiselect, in the order shown; empty for every other type.</summary>
    public List<string> Options { get; private set; } = [];

    public bool Required { get; private set; }

    /// <summary>Where it stands in forms and lists, smallest first.</summary>
    public int Position { get; private set; }

    /// <summary>An archived field is no longer offered for new values; the ones it has are kept.</summary>
    public bool Archived { get; private set; }

    /// <summary>Lists sort by it and filter it by a range, from an index of its own built in the background.</summary>
    public bool Sortable { get; private set; }

    public List<string> VisibleToRoles { get; private set; } = [];

    public List<string> VisibleToKinds { get; private set; } = [];

    public CustomFieldSettings Settings =>
        new(Label, Options, Required, Position, Archived, new Visibility(VisibleToRoles, VisibleToKinds))
        {
            Sortable = Sortable,
        };

    /// <summary>Whether a reader with <paramref name="roles"/> in an organization of <paramref name="kind"/> sees the
    /// field (<see cref="Visibility.ShowsTo"/>).</summary>
    public bool IsShownTo(IReadOnlyCollection<string> roles, string kind) =>
        new Visibility(VisibleToRoles, VisibleToKinds).ShowsTo(roles, kind);

    /// <summary>Whether a field of the type may be sortable: a multiselect's value is a list, which has no order.
    /// </summary>
    public static bool CanBeSortable(CustomFieldType type) => type is not CustomFieldType.Multiselect;

    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && KeyPattern().IsMatch(key);

    /// <summary>Whether the type takes its values from <see cref="Options"/>.</summary>
    public static bool HasOptions(CustomFieldType type) =>
        type is CustomFieldType.Select or CustomFieldType.Multiselect;

    public static CustomFieldDefinition Create(
        Guid id,
        CustomFieldEntity entity,
        string key,
        CustomFieldType type,
        CustomFieldSettings settings,
        DateTimeOffset now
    )
    {
        var created = new CustomFieldDefinition(id, now)
        {
            Entity = entity,
            Key = key,
            Type = type,
        };
        created.Apply(Normalized(settings));
        return created;
    }

    /// <summary>Applies the settings; a change that changes nothing keeps the version.</summary>
    public void Update(CustomFieldSettings settings, DateTimeOffset now)
    {
        var normalized = Normalized(settings);
        if (normalized.Equals(Settings))
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private static CustomFieldSettings Normalized(CustomFieldSettings settings) =>
        settings with
        {
            Label = TextNormalizer.Collapse(settings.Label),
            Options = [.. settings.Options.Select(TextNormalizer.Collapse)],
            Visibility = settings.Visibility.Normalized(),
        };

    private void Apply(CustomFieldSettings settings)
    {
        Label = settings.Label;
        Options = [.. settings.Options];
        Required = settings.Required;
        Position = settings.Position;
        Archived = settings.Archived;
        Sortable = settings.Sortable;
        VisibleToRoles = [.. settings.Visibility.Roles];
        VisibleToKinds = [.. settings.Visibility.OrganizationKinds];
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();
}

/// <summary>The editable part of a custom field definition.</summary>
public sealed record CustomFieldSettings(
    string Label,
    IReadOnlyList<string> Options,
    bool Required,
    int Position,
    bool Archived,
    Visibility Visibility
)
{
    public bool Sortable { get; init; }

    public bool Equals(CustomFieldSettings? other) =>
        other is not null
        && (Label, Required, Position, Archived, Sortable)
            == (other.Label, other.Required, other.Position, other.Archived, other.Sortable)
        && Options.SequenceEqual(other.Options)
        && Visibility.Roles.SequenceEqual(other.Visibility.Roles)
        && Visibility.OrganizationKinds.SequenceEqual(other.Visibility.OrganizationKinds);

    public override int GetHashCode() => HashCode.Combine(Label, Required, Position, Archived);
}

/// <summary>The records a custom field belongs to.</summary>
public enum CustomFieldEntity
{
    Client,
    Lead,
    Deal,
}

/// <summary>What a custom field's values are.</summary>
public enum CustomFieldType
{
    Text,
    Number,

    /// <summary>An amount in roubles.</summary>
    Money,
    Date,

    /// <summary>One of the options.</summary>
    Select,

    /// <summary>Any of the options.</summary>
    Multiselect,
    Boolean,
    Phone,
    Email,
}
