namespace MakCrm.Application.Common;

/// <summary>A sort the API offers: the field, its direction and how it is spelled in the query string. A sort by a
/// custom field (<c>cfSort</c>) names the field's key; its <see cref="Field"/> is then the list's default one and
/// unused.</summary>
public sealed record SortOption<TField>(string Name, TField Field, bool Descending)
    where TField : struct, Enum
{
    public string? CustomFieldKey { get; init; }
}
