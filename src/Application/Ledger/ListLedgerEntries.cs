using MakCrm.Domain.Access;
using MakCrm.Domain.Ledger;

namespace MakCrm.Application.Ledger;

/// <summary>Ledger entries, newest first: head office sees every franchisee's, a franchisee only its own.</summary>
public sealed record ListLedgerEntriesQuery(
    Guid? OrganizationId = null,
    IReadOnlyList<LedgerEntryKind>? Kind = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    Guid? LotId = null,
    Guid? LeadId = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<LedgerEntryDto>>;

internal sealed class ListLedgerEntriesValidator : AbstractValidator<ListLedgerEntriesQuery>
{
    public ListLedgerEntriesValidator()
    {
        RuleForEach(q => q.Kind).Defined();
        RuleFor(q => q.To)
            .GreaterThan(q => q.From)
            .When(q => q.From is not null && q.To is not null)
            .WithMessage("Must be later than from.");
        RuleFor(q => q.Sort).ValidSort(LedgerSorts.Entries);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListLedgerEntriesHandler(ILedgerReader ledger, ICurrentActor actor)
    : IQueryHandler<ListLedgerEntriesQuery, Page<LedgerEntryDto>>
{
    public async Task<Result<Page<LedgerEntryDto>>> Handle(
        ListLedgerEntriesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(LedgerSorts.Entries, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new LedgerEntryFilter(
            query.OrganizationId,
            query.Kind ?? [],
            query.From?.ToUniversalTime(),
            query.To?.ToUniversalTime(),
            query.LotId,
            query.LeadId
        );
        var rows = await ledger.ListEntriesAsync(
            new LedgerEntryListCriteria(
                DataScope.For(actor, Permissions.LedgerReadAll),
                filter,
                sort,
                after,
                limit + 1
            ),
            cancellationToken
        );
        return ListPaging.ToPage(LedgerSorts.Entries, sort, rows, limit, e => e.Id);
    }
}

public sealed record GetLedgerEntryQuery(Guid Id) : IQuery<LedgerEntryDto>;

internal sealed class GetLedgerEntryHandler(ILedgerReader ledger, ICurrentActor actor)
    : IQueryHandler<GetLedgerEntryQuery, LedgerEntryDto>
{
    public async Task<Result<LedgerEntryDto>> Handle(GetLedgerEntryQuery query, CancellationToken cancellationToken) =>
        await ledger.GetEntryAsync(query.Id, DataScope.For(actor, Permissions.LedgerReadAll), cancellationToken)
            is { } entry
            ? entry
            : Error.NotFound("Ledger entry", query.Id);
}
