using MakCrm.Domain.Access;
using MakCrm.Domain.Commissions;

namespace MakCrm.Application.Commissions;

/// <summary>Commission entries, newest first: head office sees every organization's, a partner only its own.</summary>
public sealed record ListCommissionEntriesQuery(
    Guid? OrganizationId = null,
    IReadOnlyList<CommissionEntryKind>? Kind = null,
    Guid? DealId = null,
    int? Level = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<CommissionEntryDto>>;

internal sealed class ListCommissionEntriesValidator : AbstractValidator<ListCommissionEntriesQuery>
{
    public ListCommissionEntriesValidator()
    {
        RuleForEach(q => q.Kind).Defined();
        RuleFor(q => q.Level).InclusiveBetween(1, 2).WithMessage("Must be 1 or 2.");
        RuleFor(q => q.To)
            .GreaterThan(q => q.From)
            .When(q => q.From is not null && q.To is not null)
            .WithMessage("Must be later than from.");
        RuleFor(q => q.Sort).ValidSort(CommissionSorts.Entries);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListCommissionEntriesHandler(ICommissionReader reader, ICurrentActor actor)
    : IQueryHandler<ListCommissionEntriesQuery, Page<CommissionEntryDto>>
{
    public async Task<Result<Page<CommissionEntryDto>>> Handle(
        ListCommissionEntriesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(CommissionSorts.Entries, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new CommissionEntryFilter(
            query.OrganizationId,
            query.Kind ?? [],
            query.DealId,
            query.Level,
            query.From?.ToUniversalTime(),
            query.To?.ToUniversalTime()
        );
        var rows = await reader.ListEntriesAsync(
            new CommissionEntryListCriteria(
                DataScope.For(actor, Permissions.CommissionsReadAll),
                filter,
                sort,
                after,
                limit + 1
            ),
            cancellationToken
        );
        return ListPaging.ToPage(CommissionSorts.Entries, sort, rows, limit, e => e.Id);
    }
}

/// <summary>Commission balances (on hold, available) of the organizations that have entries: head office all, a partner
/// its own.</summary>
public sealed record ListCommissionBalancesQuery : IQuery<IReadOnlyList<Contracts.CommissionBalance>>;

internal sealed class ListCommissionBalancesHandler(ICommissionReader reader, ICurrentActor actor)
    : IQueryHandler<ListCommissionBalancesQuery, IReadOnlyList<Contracts.CommissionBalance>>
{
    public async Task<Result<IReadOnlyList<Contracts.CommissionBalance>>> Handle(
        ListCommissionBalancesQuery query,
        CancellationToken cancellationToken
    )
    {
        var scope = DataScope.For(actor, Permissions.CommissionsReadAll);
        var balances = await reader.ListBalancesAsync(scope, cancellationToken);

        // One's own organization is listed even before its first entry.
        if (scope.OrganizationId is { } own && balances.Count == 0)
        {
            balances = [new Contracts.CommissionBalance(own, 0m, 0m)];
        }

        return Result<IReadOnlyList<Contracts.CommissionBalance>>.Success(balances);
    }
}

/// <summary>One commission entry: head office any organization's, a partner or franchisee only its own (another's is
/// 404).</summary>
public sealed record GetCommissionEntryQuery(Guid Id) : IQuery<CommissionEntryDto>;

internal sealed class GetCommissionEntryHandler(ICommissionReader reader, ICurrentActor actor)
    : IQueryHandler<GetCommissionEntryQuery, CommissionEntryDto>
{
    public async Task<Result<CommissionEntryDto>> Handle(
        GetCommissionEntryQuery query,
        CancellationToken cancellationToken
    )
    {
        var scope = DataScope.For(actor, Permissions.CommissionsReadAll);
        return
            await reader.GetEntryAsync(query.Id, cancellationToken) is { } entry
            && (scope.OrganizationId is not { } own || entry.OrganizationId == own)
            ? entry
            : Error.NotFound("Commission entry", query.Id);
    }
}
