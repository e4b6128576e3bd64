using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Ledger;

/// <summary>
/// One movement of a franchisee's money. The ledger is append-only (a database trigger refuses updates and deletes):
/// a balance is the sum of its entries, never a field changed in place, and a mistake is corrected by a new entry.
/// Every entry names its cause: a lot and bid, a return, an invoice, or head office's comment.
/// </summary>
public sealed class LedgerEntry : IOrganizationOwned
{
    public const int MaxCommentLength = 500;

    private LedgerEntry() { }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Roubles; positive adds to the balance, negative takes from it.</summary>
    public decimal Amount { get; private set; }

    public Guid? LotId { get; private set; }

    public Guid? BidId { get; private set; }

    public Guid? LeadId { get; private set; }

    public Guid? ReturnId { get; private set; }

    /// <summary>For a deposit recorded against an invoice, the invoice.</summary>
    public Guid? InvoiceId { get; private set; }

    public string? Comment { get; private set; }

    /// <summary>The user who made the entry; <c>null</c> for the auction's background worker.</summary>
    public Guid? CreatedByUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <param name="invoiceId">The invoice the money pays, when it was recorded against one.</param>
    public static LedgerEntry Deposit(
        Guid id,
        Guid organizationId,
        decimal amount,
        string comment,
        Guid? userId,
        DateTimeOffset now,
        Guid? invoiceId = null
    )
    {
        var entry = New(id, organizationId, LedgerEntryKind.Deposit, Math.Abs(amount), userId, now, comment: comment);
        entry.InvoiceId = invoiceId;
        return entry;
    }

    /// <summary>A correction either way: <paramref name="amount"/> keeps its sign.</summary>
    public static LedgerEntry Adjustment(
        Guid id,
        Guid organizationId,
        decimal amount,
        string comment,
        Guid? userId,
        DateTimeOffset now
    ) => New(id, organizationId, LedgerEntryKind.Adjustment, amount, userId, now, comment: comment);

    public static LedgerEntry Hold(
        Guid id,
        Guid organizationId,
        decimal amount,
        LotReference lot,
        Guid? userId,
        DateTimeOffset now
    ) => New(id, organizationId, LedgerEntryKind.Hold, -Math.Abs(amount), userId, now, lot);

    public static LedgerEntry HoldRelease(
        Guid id,
        Guid organizationId,
        decimal amount,
        LotReference lot,
        Guid? userId,
        DateTimeOffset now
    ) => New(id, organizationId, LedgerEntryKind.HoldRelease, Math.Abs(amount), userId, now, lot);

    public static LedgerEntry Charge(
        Guid id,
        Guid organizationId,
        decimal amount,
        LotReference lot,
        DateTimeOffset now
    ) => New(id, organizationId, LedgerEntryKind.Charge, -Math.Abs(amount), null, now, lot);

    /// <summary>The price of a lead head office handed to the franchisee directly: a charge naming the lead and no
    /// lot, returned as a won lot's charge is.</summary>
    public static LedgerEntry HandOverCharge(
        Guid id,
        Guid organizationId,
        decimal amount,
        Guid leadId,
        Guid? userId,
        DateTimeOffset now
    )
    {
        var entry = New(id, organizationId, LedgerEntryKind.Charge, -Math.Abs(amount), userId, now);
        entry.LeadId = leadId;
        return entry;
    }

    public static LedgerEntry Refund(
        Guid id,
        Guid organizationId,
        decimal amount,
        Guid leadId,
        Guid returnId,
        Guid? lotId,
        Guid? userId,
        DateTimeOffset now
    )
    {
        var entry = New(
            id,
            organizationId,
            LedgerEntryKind.Refund,
            Math.Abs(amount),
            userId,
            now,
            lot: lotId is { } l ? new LotReference(l, null, leadId) : null
        );
        entry.LeadId = leadId;
        entry.ReturnId = returnId;
        return entry;
    }

    private static LedgerEntry New(
        Guid id,
        Guid organizationId,
        LedgerEntryKind kind,
        decimal amount,
        Guid? userId,
        DateTimeOffset now,
        LotReference? lot = null,
        string? comment = null
    ) =>
        new()
        {
            Id = id,
            OrganizationId = organizationId,
            Kind = kind,
            Amount = Money.ToKopecks(amount),
            LotId = lot?.LotId,
            BidId = lot?.BidId,
            LeadId = lot?.LeadId,
            Comment = TextNormalizer.CollapseOrNull(comment),
            CreatedByUserId = userId,
            CreatedAt = now,
        };
}

/// <summary>The auction cause of an entry: the lot, the bid (for holds and their releases) and the lot's
/// lead.</summary>
public sealed record LotReference(Guid LotId, Guid? BidId, Guid LeadId);
