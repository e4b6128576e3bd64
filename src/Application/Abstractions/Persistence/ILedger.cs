using MakCrm.Domain.Ledger;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Franchisee balances, kept as an append-only ledger inside the caller's unit of work.</summary>
public interface ILedger
{
    /// <summary>
    /// Serialises everything that writes to the organization's ledger until the current transaction ends (with any
    /// number of API instances) and returns its balance then. Take it before checking that the balance allows a hold,
    /// a charge or a negative adjustment, and before adding any entry: each entry carries the running balance after it
    /// (ADR 0011), which is only right under the lock.
    /// </summary>
    Task<LedgerBalance> LockAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>The balance from committed entries and those added to this unit of work, without locking.</summary>
    Task<LedgerBalance> BalanceAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an entry to the unit of work; it is written when the unit of work saves. The organization's ledger lock
    /// must
    /// be held (<see cref="LockAsync"/>); without it this throws. Returns the organization's balance right after the
    /// entry.
    /// </summary>
    LedgerBalance Add(LedgerEntry entry);
}

/// <summary>
/// <paramref name="Available"/> is the sum of all entries (what bids may still hold); <paramref name="Held"/> is what
/// leading bids hold now; their sum is the money on the account.
/// </summary>
public sealed record LedgerBalance(Guid OrganizationId, decimal Available, decimal Held)
{
    public decimal Total => Available + Held;
}
