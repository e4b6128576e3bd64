using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Common;

/// <summary>
/// One page of a list; <see cref="NextCursor"/> is <c>null</c> on the last page, and <see cref="Total"/> is set only
/// where the list counts its matches and the caller asked for them.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor) : INamesUsers, ICarriesCustomFields
{
    public Contracts.ListTotal? Total { get; init; }

    /// <summary>The users the page's rows name, so that one lookup names them all.</summary>
    public IEnumerable<Guid?> UserIds() => Items.OfType<INamesUsers>().SelectMany(i => i.UserIds());

    public object WithNames(UserNames names) =>
        this with
        {
            Items = Items.Select(i => i is INamesUsers named ? (T)named.WithNames(names) : i).ToList(),
        };

    /// <summary>The entities whose custom fields the page's rows carry, so that one lookup narrows them all.</summary>
    public IEnumerable<CustomFieldEntity> CustomFieldEntities() =>
        Items.OfType<ICarriesCustomFields>().SelectMany(i => i.CustomFieldEntities()).Distinct();

    public object WithCustomFields(CustomFieldSchema fields) =>
        this with
        {
            Items = Items
                .Select(i => i is ICarriesCustomFields carried ? (T)carried.WithCustomFields(fields) : i)
                .ToList(),
        };
}
