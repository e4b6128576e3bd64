using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class Ledger(MakCrmDbContext db) : ILedger
{
    public async Task<LedgerBalance> LockAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The ledger lock must be taken inside the unit of work's transaction, or it would end at once.");
        }

        var key = LockKey(organizationId);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        return await BalanceAsync(organizationId, cancellationToken);
    }

    public async Task<LedgerBalance> BalanceAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var saved = await db.LedgerEntries
            .Where(e => e.OrganizationId == organizationId)
            .GroupBy(e => 1)
            .Select(g => new
            {
                Available = g.Sum(e => e.Amount),
                Held = -g.Sum(e => e.Kind == LedgerEntryKind.Hold || e.Kind == LedgerEntryKind.HoldRelease ? e.Amount : 0m),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var pending = db.ChangeTracker.Entries<LedgerEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.OrganizationId == organizationId)
            .Select(e => e.Entity)
            .ToList();
        var available = (saved?.Available ?? 0m) + pending.Sum(e => e.Amount);
        var held = (saved?.Held ?? 0m) - pending.Where(e => e.Kind is LedgerEntryKind.Hold or LedgerEntryKind.HoldRelease).Sum(e => e.Amount);
        return new LedgerBalance(organizationId, available, held);
    }

    public void Add(LedgerEntry entry) => db.LedgerEntries.Add(entry);

    /// <summary>The advisory-lock key of an organization's ledger; raw-SQL paths that take money must use the same one.</summary>
    public static string LockKey(Guid organizationId) => "ledger:" + organizationId.ToString("D");
}
