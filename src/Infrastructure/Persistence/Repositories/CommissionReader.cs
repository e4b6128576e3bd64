using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Commissions;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CommissionReader(MakCrmDbContext db) : ICommissionReader
{
    private Expression<Func<CommissionEntry, CommissionEntryDto>> ToDto =>
        e => new CommissionEntryDto(
            e.Id,
            e.OrganizationId,
            e.Kind,
            e.Amount,
            e.OnHoldChange,
            e.AvailableChange,
            EF.Property<decimal>(e, CommissionPosition.OnHoldAfter),
            EF.Property<decimal>(e, CommissionPosition.AvailableAfter),
            e.DealId,
            e.IssueNo,
            e.Level,
            e.SourceOrganizationId,
            e.IssuedOn,
            e.BankCode,
            e.Product,
            e.Grade,
            e.Base,
            e.Share,
            e.HoldUntil,
            e.FollowsEntryId,
            db.Set<SettlementEntryClaim>().Where(c => c.EntryId == e.Id).Select(c => (Guid?)c.ActId).FirstOrDefault(),
            e.Reason,
            e.RewardsUserId == null
                ? null
                : new CommissionBonusRewards(e.RewardsUserId.Value, e.RewardsMonth!.Value, e.RewardsRank!.Value),
            e.CreatedAt
        );

    public async Task<IReadOnlyList<CommissionEntryDto>> ListEntriesAsync(
        CommissionEntryListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var filter = criteria.Filter;
        var query = Entries(criteria.Scope).OfOrganization(filter.OrganizationId);

        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds.Distinct().ToList();
            query = query.Where(e => kinds.Contains(e.Kind));
        }

        if (filter.DealId is { } deal)
        {
            query = query.Where(e => e.DealId == deal);
        }

        if (filter.Level is { } level)
        {
            query = query.Where(e => e.Level == level);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.CreatedAt < to);
        }

        return await query
            .Page(e => e.CreatedAt, e => e.Id, criteria.Sort.Descending, criteria.After, criteria.Take)
            .Select(ToDto)
            .ToListAsync(cancellationToken);
    }

    public Task<CommissionEntryDto?> GetEntryAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CommissionEntry>()
            .AsNoTracking()
            .Where(e => e.Id == id)
            .Select(ToDto)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<CommissionEntryDto?> ReversalOfAsync(Guid entryId, CancellationToken cancellationToken) =>
        db.Set<CommissionEntry>()
            .AsNoTracking()
            .Where(e => e.FollowsEntryId == entryId && e.Kind == CommissionEntryKind.Reversal)
            .Select(ToDto)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Each organization's balances as its last entry's running sums, in one query (as the franchisee balances
    /// are read).</summary>
    public async Task<IReadOnlyList<Contracts.CommissionBalance>> ListBalancesAsync(
        DataScope scope,
        CancellationToken cancellationToken
    )
    {
        var organizations = db.Set<Organization>()
            .AsNoTracking()
            .Where(o => db.Set<CommissionEntry>().Any(e => e.OrganizationId == o.Id));
        if (scope.OrganizationId is { } own)
        {
            organizations = organizations.Where(o => o.Id == own);
        }

        return await organizations
            .OrderBy(o => o.Id)
            .Select(o => new Contracts.CommissionBalance(
                o.Id,
                db.Set<CommissionEntry>()
                    .Where(e => e.OrganizationId == o.Id)
                    .OrderByDescending(e => EF.Property<long>(e, CommissionPosition.EntryNo))
                    .Select(e => (decimal?)EF.Property<decimal>(e, CommissionPosition.OnHoldAfter))
                    .FirstOrDefault()
                    ?? 0m,
                db.Set<CommissionEntry>()
                    .Where(e => e.OrganizationId == o.Id)
                    .OrderByDescending(e => EF.Property<long>(e, CommissionPosition.EntryNo))
                    .Select(e => (decimal?)EF.Property<decimal>(e, CommissionPosition.AvailableAfter))
                    .FirstOrDefault()
                    ?? 0m
            ))
            .ToListAsync(cancellationToken);
    }

    private IQueryable<CommissionEntry> Entries(DataScope scope) =>
        db.Set<CommissionEntry>().AsNoTracking().InScope(scope);
}
