using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Clients;

public enum ClientSortField
{
    CreatedAt,
    UpdatedAt,
    FullName,
}

public sealed record ClientFilter(
    string? Search,
    ClientSource? Source,
    string? City,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo);

/// <summary>What the repository fetches: one page of rows (plus one, to know whether another page follows).</summary>
public sealed record ClientListCriteria(
    DataScope Scope,
    ClientFilter Filter,
    SortOption<ClientSortField> Sort,
    KeysetPosition? After,
    int Take);

public static class ClientSorts
{
    public static SortCatalog<ClientSortField, ClientDto> Catalog { get; } = new(
        "clients",
        "-createdAt",
        ("createdAt", ClientSortField.CreatedAt, typeof(DateTimeOffset), c => c.CreatedAt),
        ("updatedAt", ClientSortField.UpdatedAt, typeof(DateTimeOffset), c => c.UpdatedAt),
        ("fullName", ClientSortField.FullName, typeof(string), c => c.FullName));
}
