using MakCrm.Domain.Access;

namespace MakCrm.Application.LeadTimeline;

/// <summary>
/// One page of something listed under a record (a lead's timeline and comments, a client's timeline): the cursor
/// checked for this list, the record visible to the caller (else 404), then the rows newest first.
/// </summary>
internal static class LeadFeed
{
    public static Task<Result<Page<TItem>>> PageAsync<TField, TItem>(
        ILeadRepository leads,
        ICurrentActor actor,
        Guid leadId,
        SortCatalog<TField, TItem> catalog,
        string? cursor,
        int? limit,
        Func<KeysetPosition?, int, Task<IReadOnlyList<TItem>>> rows,
        Func<TItem, Guid> id,
        CancellationToken cancellationToken
    )
        where TField : struct, Enum =>
        PageAsync(
            () => leads.ExistsAsync(leadId, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken),
            Error.NotFound("Lead", leadId),
            catalog,
            cursor,
            limit,
            rows,
            id
        );

    public static async Task<Result<Page<TItem>>> PageAsync<TField, TItem>(
        Func<Task<bool>> visible,
        Error notFound,
        SortCatalog<TField, TItem> catalog,
        string? cursor,
        int? limit,
        Func<KeysetPosition?, int, Task<IReadOnlyList<TItem>>> rows,
        Func<TItem, Guid> id
    )
        where TField : struct, Enum
    {
        var paging = ListPaging.Prepare(catalog, null, cursor, limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if (!await visible())
        {
            return notFound;
        }

        var (sort, after, take) = paging.Value;
        return ListPaging.ToPage(catalog, sort, await rows(after, take + 1), take, id);
    }
}
