using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Ledger;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Where an organization's ledger stands after an entry (ADR 0011): the entry's number in that ledger (1, 2, 3, ...),
/// the sum of all entries so far (<see cref="LedgerBalance.Available"/>) and the amount held by leading bids so far
/// (<see cref="LedgerBalance.Held"/>). Each entry stores the position after it, so the balance is the last entry's.
/// The bid path computes the same in SQL (<see cref="BidBook"/>).
/// </summary>
internal sealed record LedgerPosition(long Number, decimal Balance, decimal Held)
{
    // The shadow properties and columns of ledger_entries that hold an entry's position.
    public const string OrganizationId = nameof(LedgerEntry.OrganizationId);
    public const string EntryNo = "EntryNo";
    public const string BalanceAfter = "BalanceAfter";
    public const string HeldAfter = "HeldAfter";

    /// <summary>An organization's ledger before its first entry, its sums in kopecks as the columns give them
    /// back.</summary>
    public static readonly LedgerPosition Empty = new(0, 0.00m, 0.00m);

    /// <summary>The position after <paramref name="entry"/>: a hold moves money from available to held, its release
    /// back.</summary>
    public LedgerPosition After(LedgerEntry entry) =>
        new(
            Number + 1,
            Balance + entry.Amount,
            entry.Kind is LedgerEntryKind.Hold or LedgerEntryKind.HoldRelease ? Held - entry.Amount : Held
        );

    public LedgerBalance ToBalance(Guid organizationId) => new(organizationId, Balance, Held);
}
