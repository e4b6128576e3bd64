using MakCrm.Application.Organizations;

namespace MakCrm.Application.Referrals;

/// <summary>
/// The organizations a partner or franchisee recruited (level 1) or its recruits recruited (level 2), newest first,
/// with
/// their status and lead counts. Two levels only: the program pays no further up.
/// </summary>
public sealed record ListReferralsQuery(
    Guid OrganizationId,
    int? Level = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<ReferralDto>>;

internal sealed class ListReferralsValidator : AbstractValidator<ListReferralsQuery>
{
    public ListReferralsValidator()
    {
        RuleFor(q => q.Level)
            .Must(l => l is null or 1 or 2)
            .WithMessage("Must be 1 (recruited directly) or 2 (recruited by a recruit).");
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListReferralsHandler(
    IOrganizationRepository organizations,
    IReferrals referrals,
    ICurrentActor actor
) : IQueryHandler<ListReferralsQuery, Page<ReferralDto>>
{
    public async Task<Result<Page<ReferralDto>>> Handle(ListReferralsQuery query, CancellationToken cancellationToken)
    {
        if (
            !actor.CanSee(query.OrganizationId)
            || await organizations.FindAsync(query.OrganizationId, cancellationToken) is null
        )
        {
            return Error.NotFound("Organization", query.OrganizationId);
        }

        var paging = ListPaging.Prepare(ReferralSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await referrals.ListAsync(
            query.OrganizationId,
            query.Level ?? 1,
            after,
            sort.Descending,
            limit + 1,
            cancellationToken
        );
        var earned = await referrals.EarnedAsync(
            query.OrganizationId,
            rows.Select(r => r.OrganizationId).ToList(),
            cancellationToken
        );
        rows = rows.Select(r => earned.TryGetValue(r.OrganizationId, out var e) ? r with { Earned = e } : r).ToList();
        return ListPaging.ToPage(ReferralSorts.Catalog, sort, rows, limit, r => r.OrganizationId);
    }
}
