namespace MakCrm.Application.Common;

/// <summary>A sort the API offers: the field, its direction and how it is spelled in the query string.</summary>
public sealed record SortOption<TField>(string Name, TField Field, bool Descending)
    where TField : struct, Enum;
