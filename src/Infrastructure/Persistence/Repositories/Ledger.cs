using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Ledger;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Ledger;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The ledger inside the unit of work. Every entry is written under its organization's ledger lock, with the position
/// after it (<see cref="LedgerPosition"/>, ADR 0011): the lock is taken, the last entry read, and each entry added
/// numbered from there. The positions read or made are this transaction's only; a new transaction starts afresh.
/// Every entry added raises <c>ledger.entry_recorded</c> in its organization, so each path that writes the ledger
/// through here (deposits, adjustments, a lot's charge and release, refunds) announces it.
/// </summary>
internal sealed class Ledger(MakCrmDbContext db, IEventOutbox events) : ILedger
{
    private readonly LedgerLocks<LedgerPosition> _locks = new(db, LockPrefix);

    private const string LockPrefix = "ledger:";

    public async Task<LedgerBalance> LockAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await _locks.LockAsync([organizationId], LastAsync, cancellationToken);
        return _locks.Require(organizationId).ToBalance(organizationId);
    }

    public async Task<LedgerBalance> BalanceAsync(Guid organizationId, CancellationToken cancellationToken) =>
        (
            _locks.TryGet(organizationId, out var position)
                ? position
                : await LastAsync(organizationId, cancellationToken)
        ).ToBalance(organizationId);

    public LedgerBalance Add(LedgerEntry entry)
    {
        var after = _locks.Require(entry.OrganizationId).After(entry);
        var added = db.Set<LedgerEntry>().Add(entry);
        added.Property(LedgerPosition.EntryNo).CurrentValue = after.Number;
        added.Property(LedgerPosition.BalanceAfter).CurrentValue = after.Balance;
        added.Property(LedgerPosition.HeldAfter).CurrentValue = after.Held;
        _locks.Advance(entry.OrganizationId, after);
        var balance = after.ToBalance(entry.OrganizationId);
        events.Raise(
            EventPayloads.LedgerEntryRecorded,
            entry.OrganizationId,
            entry.Id,
            LedgerEntryDto.From(entry, balance)
        );
        return balance;
    }

    /// <summary>The advisory-lock key of an organization's ledger; raw-SQL paths that write to it must take the same
    /// one.</summary>
    public static string LockKey(Guid organizationId) => LockPrefix + organizationId.ToString("D");

    private async Task<LedgerPosition> LastAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Set<LedgerEntry>()
            .Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => EF.Property<long>(e, LedgerPosition.EntryNo))
            .Select(e => new LedgerPosition(
                EF.Property<long>(e, LedgerPosition.EntryNo),
                EF.Property<decimal>(e, LedgerPosition.BalanceAfter),
                EF.Property<decimal>(e, LedgerPosition.HeldAfter)
            ))
            .FirstOrDefaultAsync(cancellationToken)
        ?? LedgerPosition.Empty;
}
