using MakCrm.Domain.Access;
using MakCrm.Domain.LeadReturns;

namespace MakCrm.Application.LeadReturns;

/// <summary>Returns, newest first: head office sees all of them, a franchisee its own organization's.</summary>
public sealed record ListLeadReturnsQuery(
    LeadReturnStatus? Status = null,
    Guid? LeadId = null,
    Guid? OrganizationId = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<LeadReturnDto>>;

internal sealed class ListLeadReturnsValidator : AbstractValidator<ListLeadReturnsQuery>
{
    public ListLeadReturnsValidator()
    {
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Sort).ValidSort(LeadReturnSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListLeadReturnsHandler(ILeadReturnRepository returns, ICurrentActor actor)
    : IQueryHandler<ListLeadReturnsQuery, Page<LeadReturnDto>>
{
    public async Task<Result<Page<LeadReturnDto>>> Handle(
        ListLeadReturnsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(LeadReturnSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new LeadReturnListCriteria(
            DataScope.For(actor, Permissions.LeadReturnsDecide),
            query.Status,
            query.LeadId,
            query.OrganizationId,
            sort,
            after,
            limit + 1
        );
        return ListPaging.ToPage(
            LeadReturnSorts.Catalog,
            sort,
            await returns.ListAsync(criteria, cancellationToken),
            limit,
            r => r.Id
        );
    }
}

public sealed record GetLeadReturnQuery(Guid Id) : IQuery<LeadReturnDto>;

internal sealed class GetLeadReturnHandler(ILeadReturnRepository returns, ICurrentActor actor)
    : IQueryHandler<GetLeadReturnQuery, LeadReturnDto>
{
    public async Task<Result<LeadReturnDto>> Handle(GetLeadReturnQuery query, CancellationToken cancellationToken) =>
        await returns.GetAsync(query.Id, DataScope.For(actor, Permissions.LeadReturnsDecide), cancellationToken)
            is { } found
            ? found
            : Error.NotFound("Lead return", query.Id);
}
