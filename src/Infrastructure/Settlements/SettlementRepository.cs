using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Settlements;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Settlements;

internal sealed class SettlementRepository(MakCrmDbContext db) : ISettlementRepository
{
    public void Add(SettlementAct act) => db.Set<SettlementAct>().Add(act);

    public Task<SettlementAct?> FindAsync(
        Guid id,
        DataScope scope,
        bool draftsVisible,
        CancellationToken cancellationToken
    ) => In(scope, draftsVisible).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public Task<Guid?> OrganizationOfDraftAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<SettlementAct>()
            .AsNoTracking()
            .Where(a => a.Id == id && a.Status == SettlementActStatus.Draft)
            .Select(a => (Guid?)a.OrganizationId)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Contracts.SettlementAct>> ListAsync(
        SettlementActListCriteria criteria,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var acts = In(criteria.Scope, criteria.DraftsVisible).AsNoTracking().OfOrganization(criteria.OrganizationId);

        if (criteria.Status is { } status)
        {
            acts = acts.Where(a => a.Status == status);
        }

        return (await acts.Page(a => a.CreatedAt, true, after, take).ToListAsync(cancellationToken))
            .Select(Contracts.SettlementAct.From)
            .ToList();
    }

    public void Claim(Guid actId, IEnumerable<Guid> entryIds) =>
        db.Set<SettlementEntryClaim>().AddRange(entryIds.Select(entry => SettlementEntryClaim.Of(entry, actId)));

    public Task ReleaseClaimsAsync(Guid actId, CancellationToken cancellationToken) =>
        db.Set<SettlementEntryClaim>().Where(c => c.ActId == actId).ExecuteDeleteAsync(cancellationToken);

    public Task MoveClaimsAsync(Guid fromActId, Guid toActId, CancellationToken cancellationToken) =>
        db.Set<SettlementEntryClaim>()
            .Where(c => c.ActId == fromActId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.ActId, toActId), cancellationToken);

    public void AddChallenge(AcceptanceChallenge challenge) => db.Set<AcceptanceChallenge>().Add(challenge);

    public Task<AcceptanceChallenge?> LatestChallengeAsync(
        Guid actId,
        Guid userId,
        CancellationToken cancellationToken
    ) =>
        db.Set<AcceptanceChallenge>()
            .Where(c => c.ActId == actId && c.UserId == userId)
            .OrderByDescending(c => c.ExpiresAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Contracts.SettlementAct>> StandingActsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    ) =>
        (
            await db.Set<SettlementAct>()
                .AsNoTracking()
                .Where(a =>
                    a.OrganizationId == organizationId
                    && (
                        a.Status == SettlementActStatus.Issued
                        || a.Status == SettlementActStatus.Accepted
                        || a.Status == SettlementActStatus.Paid
                    )
                )
                .OrderBy(a => a.IssuedOn)
                .ThenBy(a => a.Number)
                .ToListAsync(cancellationToken)
        )
            .Select(Contracts.SettlementAct.From)
            .ToList();

    public async Task<IReadOnlyList<SettlementRegisterRow>> RegisterAsync(
        SettlementRegisterCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var (from, to) = (criteria.From, criteria.To);
        var acts = In(criteria.Scope, draftsVisible: false)
            .AsNoTracking()
            .OfOrganization(criteria.OrganizationId)
            .Where(a => a.IssuedOn >= from && a.IssuedOn <= to);
        acts = criteria.Selection switch
        {
            SettlementRegisterSelection.Unpaid => acts.Where(a =>
                a.Status == SettlementActStatus.Issued || a.Status == SettlementActStatus.Accepted
            ),
            SettlementRegisterSelection.Signed => acts.Where(a =>
                a.AcceptedByUserId != null
                && (a.Status == SettlementActStatus.Accepted || a.Status == SettlementActStatus.Paid)
            ),
            _ => acts,
        };

        // A partner deleted since keeps its acts in the books: its profile is read past the soft-delete filter.
        var rows = await acts.Join(
                db.Set<Organization>().IgnoreQueryFilters(),
                a => a.OrganizationId,
                o => o.Id,
                (a, o) => new { Act = a, Partner = o }
            )
            .OrderBy(r => r.Act.IssuedOn)
            .ThenBy(r => r.Act.Number)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new SettlementRegisterRow(Contracts.SettlementAct.From(r.Act), r.Partner.Profile))
            .ToList();
    }

    private IQueryable<SettlementAct> In(DataScope scope, bool draftsVisible)
    {
        var acts = db.Set<SettlementAct>().InScope(scope);
        return draftsVisible ? acts : acts.Where(a => a.Status != SettlementActStatus.Draft);
    }
}
