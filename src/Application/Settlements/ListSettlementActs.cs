using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>Acts, newest first: a partner sees its own issued ones; head office every organization's, drafts
/// included.</summary>
public sealed record ListSettlementActsQuery(
    Guid? OrganizationId,
    SettlementActStatus? Status,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.SettlementAct>>;

internal sealed class ListSettlementActsHandler(ISettlementRepository settlements, ICurrentActor actor)
    : IQueryHandler<ListSettlementActsQuery, Page<Contracts.SettlementAct>>
{
    public async Task<Result<Page<Contracts.SettlementAct>>> Handle(
        ListSettlementActsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(SettlementCatalog.Sorts, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new SettlementActListCriteria(
            SettlementCatalog.ScopeOf(actor),
            SettlementCatalog.DraftsVisibleTo(actor),
            query.OrganizationId,
            query.Status
        );
        var rows = await settlements.ListAsync(criteria, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(SettlementCatalog.Sorts, sort, rows, limit, a => a.Id);
    }
}

public sealed record GetSettlementActQuery(Guid Id) : IQuery<Contracts.SettlementAct>;

internal sealed class GetSettlementActHandler(ISettlementRepository settlements, ICurrentActor actor)
    : IQueryHandler<GetSettlementActQuery, Contracts.SettlementAct>
{
    public async Task<Result<Contracts.SettlementAct>> Handle(
        GetSettlementActQuery query,
        CancellationToken cancellationToken
    ) =>
        await settlements.FindAsync(
            query.Id,
            SettlementCatalog.ScopeOf(actor),
            SettlementCatalog.DraftsVisibleTo(actor),
            cancellationToken
        )
            is { } act
            ? Contracts.SettlementAct.From(act)
            : SettlementCatalog.NotFound(query.Id);
}
