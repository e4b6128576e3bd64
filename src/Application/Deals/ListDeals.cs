using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Deals;

public sealed record ListDealsQuery(
    Guid? PipelineId = null,
    Guid? StageId = null,
    Guid? ResponsibleUserId = null,
    Guid? ClientId = null,
    Guid? LeadId = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    DateTimeOffset? UpdatedFrom = null,
    DateTimeOffset? UpdatedTo = null,
    string? Q = null,
    decimal? AmountMin = null,
    decimal? AmountMax = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    DateTimeOffset? ClosedFrom = null,
    DateTimeOffset? ClosedTo = null,
    Contracts.DealState? State = null,
    IReadOnlyList<string>? Cf = null,
    bool? WithTotal = null,
    string? CfSort = null
) : IQuery<Page<DealDto>>, IUpdatedWindowQuery, ICreatedWindowQuery;

internal sealed class ListDealsValidator : AbstractValidator<ListDealsQuery>
{
    public ListDealsValidator()
    {
        Include(new UpdatedWindowValidator<ListDealsQuery>());
        RuleFor(q => q.Sort).ValidSort(DealSorts.Catalog);
        RuleFor(q => q.CfSort).AloneOrWithout(q => q.Sort);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.AmountMin).GreaterThanOrEqualTo(0).WithMessage("Must not be negative.");
        RuleFor(q => q.AmountMax)
            .GreaterThanOrEqualTo(q => q.AmountMin ?? 0)
            .WithMessage("Must not be less than amountMin or negative.");
        Include(new CreatedWindowValidator<ListDealsQuery>());
        RuleFor(q => q.ClosedTo)
            .GreaterThan(q => q.ClosedFrom)
            .When(q => q.ClosedFrom is not null && q.ClosedTo is not null)
            .WithMessage("Must be later than closedFrom.");
    }
}

internal sealed class ListDealsHandler(
    IDealRepository deals,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    IPersonalDataReads reads
) : IQueryHandler<ListDealsQuery, Page<DealDto>>
{
    public async Task<Result<Page<DealDto>>> Handle(ListDealsQuery query, CancellationToken cancellationToken)
    {
        var listing = await customFields.ListingAsync(
            CustomFieldEntity.Deal,
            query.Cf,
            query.CfSort,
            cancellationToken
        );
        if (!listing.IsSuccess)
        {
            return listing.Error!;
        }

        var paging = ListPaging.Prepare(DealSorts.Catalog, query.Sort, query.Cursor, query.Limit, listing.Value.Sort);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new DealFilter(
            query.PipelineId,
            query.StageId,
            query.ResponsibleUserId,
            query.ClientId,
            query.LeadId
        )
        {
            Search = TextNormalizer.TrimOrNull(query.Q),
            AmountMin = query.AmountMin,
            AmountMax = query.AmountMax,
            Created = CreatedWindow.Of(query),
            ClosedFrom = query.ClosedFrom?.ToUniversalTime(),
            ClosedTo = query.ClosedTo?.ToUniversalTime(),
            State = query.State,
            CustomFields = listing.Value.Conditions,
        };
        var criteria = new DealListCriteria(
            DataScope.For(actor, Permissions.DealsReadAll),
            filter,
            sort,
            after,
            limit + 1,
            UpdatedWindow.Of(query),
            ClientSummaryScope.For(actor)
        );
        var rows = await deals.ListAsync(criteria, cancellationToken);
        var page = await ListPaging
            .ToPage(DealSorts.Catalog, sort, rows, limit, d => d.Id)
            .WithTotalAsync(query.WithTotal, c => deals.TotalAsync(criteria, c), cancellationToken);
        await DealClientReads.RecordAsync(reads, PersonalDataAccess.List, page.Items, cancellationToken);
        return page;
    }
}

public sealed record GetDealQuery(Guid Id) : IQuery<DealDto>;

internal sealed class GetDealHandler(IDealRepository deals, ICurrentActor actor, IPersonalDataReads reads)
    : IQueryHandler<GetDealQuery, DealDto>
{
    public async Task<Result<DealDto>> Handle(GetDealQuery query, CancellationToken cancellationToken)
    {
        var deal = await deals.GetAsync(
            query.Id,
            DataScope.For(actor, Permissions.DealsReadAll),
            ClientSummaryScope.For(actor),
            cancellationToken
        );
        if (deal is null)
        {
            return Error.NotFound("Deal", query.Id);
        }

        await DealClientReads.RecordAsync(reads, PersonalDataAccess.Card, [deal], cancellationToken);
        return deal;
    }
}

/// <summary>
/// A deal shows its client's summary (name and phone) to a caller who may read the client: each deal a page or card
/// showed with its client is a read of that client's personal data.
/// </summary>
internal static class DealClientReads
{
    public static Task RecordAsync(
        IPersonalDataReads reads,
        string access,
        IEnumerable<DealDto> shown,
        CancellationToken cancellationToken
    ) =>
        reads.RecordAsync(
            PersonalDataSubjects.Client,
            access,
            [.. shown.Select(d => d.Client?.Id).OfType<Guid>().Distinct()],
            cancellationToken
        );
}

/// <summary>A deal's whole stage history, as one page (it has no next one).</summary>
public sealed record GetDealStageHistoryQuery(Guid Id) : IQuery<Page<DealStageChangeDto>>;

internal sealed class GetDealStageHistoryHandler(IDealRepository deals, ICurrentActor actor)
    : IQueryHandler<GetDealStageHistoryQuery, Page<DealStageChangeDto>>
{
    public async Task<Result<Page<DealStageChangeDto>>> Handle(
        GetDealStageHistoryQuery query,
        CancellationToken cancellationToken
    )
    {
        if (!await deals.ExistsAsync(query.Id, DataScope.For(actor, Permissions.DealsReadAll), cancellationToken))
        {
            return Error.NotFound("Deal", query.Id);
        }

        return new Page<DealStageChangeDto>(await deals.HistoryAsync(query.Id, cancellationToken), null);
    }
}
