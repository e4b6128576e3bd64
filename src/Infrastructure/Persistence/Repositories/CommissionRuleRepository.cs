using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Commissions;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CommissionRuleRepository(MakCrmDbContext db) : ICommissionRuleRepository
{
    /// <summary>The advisory lock between rule changes (exclusive) and accruals (shared).</summary>
    private const string LockKey = "commission-rules";

    public async Task<IReadOnlyList<CommissionRule>> EffectiveOnAsync(
        DateOnly on,
        CancellationToken cancellationToken
    ) => await db.Set<CommissionRule>().AsNoTracking().Where(r => r.EffectiveFrom <= on).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CommissionRule>> ListAsync(
        CommissionRuleKind? kind,
        CancellationToken cancellationToken
    ) =>
        await db.Set<CommissionRule>()
            .AsNoTracking()
            .Where(r => kind == null || r.Kind == kind)
            .OrderByDescending(r => r.EffectiveFrom)
            .ThenByDescending(r => r.CreatedAt)
            .ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);

    public Task<bool> ExistsAsync(CommissionRuleSpec spec, CancellationToken cancellationToken)
    {
        var probe = CommissionRule.Create(Guid.Empty, spec, null, DateTimeOffset.UnixEpoch);
        return db.Set<CommissionRule>()
            .AnyAsync(
                r =>
                    r.Kind == probe.Kind
                    && r.EffectiveFrom == probe.EffectiveFrom
                    && r.BankCode == probe.BankCode
                    && r.Product == probe.Product
                    && r.Grade == probe.Grade,
                cancellationToken
            );
    }

    public void Add(CommissionRule rule) => db.Set<CommissionRule>().Add(rule);

    public async Task LockAsync(bool change, CancellationToken cancellationToken)
    {
        if (change)
        {
            await AdvisoryLocks.LockAsync(db.Database, LockKey, cancellationToken);
        }
        else
        {
            await AdvisoryLocks.LockSharedAsync(db.Database, LockKey, cancellationToken);
        }
    }
}
