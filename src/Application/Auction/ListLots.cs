using MakCrm.Application.PersonalData;
using MakCrm.Domain.Auction;

namespace MakCrm.Application.Auction;

/// <summary>Lots, newest first by default, optionally only those of a status or a lead.</summary>
public sealed record ListLotsQuery(
    LotStatus? Status = null,
    Guid? LeadId = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<LotView>>;

internal sealed class ListLotsValidator : AbstractValidator<ListLotsQuery>
{
    public ListLotsValidator()
    {
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Sort).ValidSort(LotSorts.Lots);
    }
}

internal sealed class ListLotsHandler(
    IAuctionRepository auctions,
    ICurrentActor actor,
    TimeProvider clock,
    IPersonalDataReads reads
) : IQueryHandler<ListLotsQuery, Page<LotView>>
{
    public async Task<Result<Page<LotView>>> Handle(ListLotsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(LotSorts.Lots, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, take) = paging.Value;
        var rows = await auctions.ListAsync(
            new LotListCriteria(query.Status, query.LeadId, sort, after, take + 1),
            cancellationToken
        );
        var page = ListPaging.ToPage(LotSorts.Lots, sort, rows, take, l => l.Id);
        var now = clock.UtcNowMicroseconds();
        var views = page.Items.Select(l => LotView.For(l, actor, now)).ToList();
        await UnmaskedLotReads.RecordAsync(reads, PersonalDataAccess.List, views, cancellationToken);
        return new Page<LotView>(views, page.NextCursor);
    }
}

/// <summary>
/// A lot shows its lead's contact data unmasked only to head office and to the franchisee that bought it: each lot a
/// page or card showed so is a read of its lead's personal data. Masked lots are not reads.
/// </summary>
internal static class UnmaskedLotReads
{
    public static Task RecordAsync(
        IPersonalDataReads reads,
        string access,
        IEnumerable<LotView> shown,
        CancellationToken cancellationToken
    ) =>
        reads.RecordAsync(
            PersonalDataSubjects.Lead,
            access,
            [.. shown.Where(l => l.Contact is not null).Select(l => l.LeadId).Distinct()],
            cancellationToken
        );
}

/// <summary>A lot's bids, newest first.</summary>
public sealed record ListLotBidsQuery(Guid LotId, string? Cursor = null, int? Limit = null) : IQuery<Page<LotBidView>>;

internal sealed class ListLotBidsValidator : AbstractValidator<ListLotBidsQuery>
{
    public ListLotBidsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListLotBidsHandler(IAuctionRepository auctions, ICurrentActor actor)
    : IQueryHandler<ListLotBidsQuery, Page<LotBidView>>
{
    public async Task<Result<Page<LotBidView>>> Handle(ListLotBidsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(LotSorts.Bids, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if (await auctions.GetLiveStateAsync(query.LotId, actor.OrganizationId, cancellationToken) is null)
        {
            return Error.NotFound("Lot", query.LotId);
        }

        var (sort, after, take) = paging.Value;
        var page = ListPaging.ToPage(
            LotSorts.Bids,
            sort,
            await auctions.ListBidsAsync(query.LotId, after, take + 1, cancellationToken),
            take,
            b => b.Id
        );
        return new Page<LotBidView>(page.Items.Select(b => LotBidView.For(b, actor)).ToList(), page.NextCursor);
    }
}
