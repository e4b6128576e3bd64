using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Referrals;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class Referrals(MakCrmDbContext db) : IReferrals
{
    /// <summary>Deeper than any real chain; a chain that loops (which the rules prevent) still ends here.</summary>
    private const int MaxChainDepth = 64;

    public Task<ReferrerCandidate?> FindActiveByCodeAsync(string code, CancellationToken cancellationToken) =>
        db.Set<Organization>()
            .AsNoTracking()
            .Where(o => o.ReferralCode == code && o.Status == OrganizationStatus.Active)
            .Select(o => new ReferrerCandidate(o.Id, o.Kind, o.Inn, o.ContactPhone))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<ReferrerCandidate?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Organization>()
            .AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new ReferrerCandidate(o.Id, o.Kind, o.Inn, o.ContactPhone))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> ChainFromAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db
            .Database.SqlQuery<Guid>(
                $"""
                WITH RECURSIVE chain (id, referrer, depth) AS (
                    SELECT id, referrer_organization_id, 1 FROM organizations WHERE id = {organizationId}
                    UNION ALL
                    SELECT o.id, o.referrer_organization_id, c.depth + 1
                    FROM organizations o JOIN chain c ON o.id = c.referrer
                    WHERE c.depth < {MaxChainDepth})
                SELECT id AS "Value" FROM chain
                """
            )
            .ToListAsync(cancellationToken);

    public async Task<(int Level1, int Level2)> CountAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var level1 = await db.Set<Organization>()
            .CountAsync(o => o.ReferrerOrganizationId == organizationId, cancellationToken);
        var level2 =
            level1 == 0
                ? 0
                : await db.Set<Organization>()
                    .CountAsync(
                        o =>
                            db.Set<Organization>()
                                .Any(r =>
                                    r.Id == o.ReferrerOrganizationId && r.ReferrerOrganizationId == organizationId
                                ),
                        cancellationToken
                    );
        return (level1, level2);
    }

    public async Task<IReadOnlyList<ReferralDto>> ListAsync(
        Guid organizationId,
        int level,
        KeysetPosition? after,
        bool descending,
        int take,
        CancellationToken cancellationToken
    )
    {
        var referrals =
            level == 1
                ? db.Set<Organization>().AsNoTracking().Where(o => o.ReferrerOrganizationId == organizationId)
                : db.Set<Organization>()
                    .AsNoTracking()
                    .Where(o =>
                        db.Set<Organization>()
                            .Any(r => r.Id == o.ReferrerOrganizationId && r.ReferrerOrganizationId == organizationId)
                    );
        return await referrals
            .Page(o => o.CreatedAt, descending, after, take)
            .Select(o => new ReferralDto(
                o.Id,
                level,
                o.Name,
                o.Kind,
                o.Status,
                o.ReferrerOrganizationId!.Value,
                o.CreatedAt,
                db.Set<Lead>().Count(l => l.OrganizationId == o.Id)
            ))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, Contracts.ReferralEarnings>> EarnedAsync(
        Guid organizationId,
        IReadOnlyCollection<Guid>? through,
        CancellationToken cancellationToken
    )
    {
        if (through is { Count: 0 })
        {
            return new Dictionary<Guid, Contracts.ReferralEarnings>();
        }

        var all = through is null;
        var ids = (through ?? []).ToArray();
        var paid = SnakeCaseNames.Of(SettlementActStatus.Paid);
        var rows = await db
            .Database.SqlQuery<EarningsRow>(
                $"""
                SELECT e.source_organization_id AS "Source",
                       COALESCE(sum(e.on_hold_change), 0) AS "OnHold",
                       COALESCE(sum(e.available_change) FILTER (WHERE a.status IS DISTINCT FROM {paid}), 0) AS
                           "Available",
                       COALESCE(sum(e.available_change) FILTER (WHERE a.status = {paid}), 0) AS "Paid"
                FROM commission_entries e
                LEFT JOIN settlement_entry_claims c ON c.entry_id = e.id
                LEFT JOIN settlement_acts a ON a.id = c.act_id
                WHERE e.organization_id = {organizationId} AND e.level = 2 AND e.source_organization_id IS NOT NULL
                  AND ({all} OR e.source_organization_id = ANY({ids}))
                GROUP BY e.source_organization_id
                """
            )
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Source, r => new Contracts.ReferralEarnings(r.OnHold, r.Available, r.Paid));
    }

    private sealed class EarningsRow
    {
        public Guid Source { get; set; }

        public decimal OnHold { get; set; }

        public decimal Available { get; set; }

        public decimal Paid { get; set; }
    }
}
