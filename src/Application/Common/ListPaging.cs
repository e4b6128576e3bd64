namespace MakCrm.Application.Common;

/// <summary>Turns a sort, a cursor and a limit into a keyset page request, and rows back into a page.</summary>
public static class ListPaging
{
    public static Result<(SortOption<TField> Sort, KeysetPosition? After, int Limit)> Prepare<TField, TRow>(
        SortCatalog<TField, TRow> catalog,
        string? sort,
        string? cursor,
        int? limit,
        CustomFields.CustomFieldSort? customFieldSort = null
    )
        where TField : struct, Enum
    {
        var option = customFieldSort is null ? catalog.ParseOrDefault(sort) : catalog.ByCustomField(customFieldSort);
        KeysetPosition? after = null;
        if (cursor is not null)
        {
            after = catalog.DecodeCursor(option, cursor);
            if (after is null)
            {
                return InvalidCursor;
            }
        }

        return (option, after, limit ?? PageLimits.Default);
    }

    /// <summary>A cursor the list did not issue (400 <c>invalid_cursor</c>), for every list.</summary>
    public static Error InvalidCursor { get; } =
        new(
            ErrorCodes.InvalidCursor,
            "The cursor is not one this list issued for this sort; start again without a cursor.",
            ErrorKind.Validation,
            new Dictionary<string, string[]> { ["cursor"] = ["Is not a cursor of this list and sort."] }
        );

    /// <summary>A list paged by its items' ids: the id after which the page starts, or <see cref="InvalidCursor"/>.
    /// </summary>
    public static Result<Guid?> IdCursor(string? cursor) =>
        cursor is null ? (Guid?)null
        : Guid.TryParse(cursor, out var id) ? id
        : InvalidCursor;

    /// <param name="rows">Up to <paramref name="limit"/> + 1 rows: the extra one only says that another page
    /// follows.</param>
    public static Page<TRow> ToPage<TField, TRow>(
        SortCatalog<TField, TRow> catalog,
        SortOption<TField> sort,
        IReadOnlyList<TRow> rows,
        int limit,
        Func<TRow, Guid> id
    )
        where TField : struct, Enum
    {
        if (rows.Count <= limit)
        {
            return new Page<TRow>(rows, null);
        }

        var items = rows.Take(limit).ToList();
        return new Page<TRow>(items, catalog.NextCursor(sort, items[^1], id(items[^1])));
    }

    /// <summary>
    /// The page with the count of everything the list's filters match, when the caller asked for it: a second
    /// statement, run only then.
    /// </summary>
    public static async Task<Page<TRow>> WithTotalAsync<TRow>(
        this Page<TRow> page,
        bool? requested,
        Func<CancellationToken, Task<Contracts.ListTotal>> count,
        CancellationToken cancellationToken
    ) => requested == true ? page with { Total = await count(cancellationToken) } : page;
}
