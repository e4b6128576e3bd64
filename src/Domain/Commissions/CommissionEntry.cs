using MakCrm.Domain.Leads;

namespace MakCrm.Domain.Commissions;

/// <summary>Why a partner's commission balance moved.</summary>
public enum CommissionEntryKind
{
    /// <summary>A commission earned on an issued loan, on hold until its hold ends.</summary>
    Accrual,

    /// <summary>An accrual whose hold ended: the money moves from on hold to available.</summary>
    Release,

    /// <summary>An accrual or a release undone because the loan was cancelled: the same amount with the opposite sign.</summary>
    Reversal,

    /// <summary>Money paid out under a settlement act: taken from the available balance.</summary>
    Payout,
}

/// <summary>
/// One movement of a partner's commission money: append-only (a database trigger refuses updates and deletes), each
/// with the running balances after it. An entry of a loan names the deal, the deal's issue number, the level (1: the
/// partner that brought the lead, 2: its referrer) and what it was computed from; its idempotency key (deal, issue,
/// level, kind) makes a replayed issue, release or cancellation write nothing twice.
/// </summary>
public sealed class CommissionEntry
{
    private CommissionEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public CommissionEntryKind Kind { get; private set; }

    /// <summary>Roubles: positive for accruals and releases, negative for reversals and payouts.</summary>
    public decimal Amount { get; private set; }

    /// <summary>How the on-hold balance moves with this entry.</summary>
    public decimal OnHoldChange { get; private set; }

    /// <summary>How the available balance moves with this entry.</summary>
    public decimal AvailableChange { get; private set; }

    public Guid? DealId { get; private set; }

    public int? IssueNo { get; private set; }

    /// <summary>1 or 2; never more.</summary>
    public int? Level { get; private set; }

    /// <summary>The level-1 partner whose loan a level-2 entry is for.</summary>
    public Guid? SourceOrganizationId { get; private set; }

    public DateOnly? IssuedOn { get; private set; }

    public string? BankCode { get; private set; }

    public LoanProduct? Product { get; private set; }

    /// <summary>The grade the share was taken for (level 1), as in force on the issue date.</summary>
    public string? Grade { get; private set; }

    public decimal? Base { get; private set; }

    public decimal? Share { get; private set; }

    /// <summary>
    /// The revision of the bank's fee a received-fee base was taken from (1: the first recording); a corrected fee
    /// reverses the earlier revision's entries and accrues under the next. <c>null</c> for a rate base.
    /// </summary>
    public int? FeeRevision { get; private set; }

    /// <summary>The first day the accrual may be released.</summary>
    public DateOnly? HoldUntil { get; private set; }

    /// <summary>The entry a release or reversal follows from.</summary>
    public Guid? FollowsEntryId { get; private set; }

    /// <summary>
    /// Unique: <c>deal:{id}:issue:{n}:level:{l}:{kind}</c> (a reversal names what it reverses); entries of a corrected
    /// fee (revision 2 on) add <c>fee:{r}:</c> before the level, so each revision accrues once.
    /// </summary>
    public string IdempotencyKey { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static string KeyOf(Guid dealId, int issueNo, int level, string what, int? feeRevision = null) => feeRevision is > 1
        ? $"deal:{dealId:D}:issue:{issueNo}:fee:{feeRevision}:level:{level}:{what}"
        : $"deal:{dealId:D}:issue:{issueNo}:level:{level}:{what}";

    /// <summary>A commission on hold until <see cref="CommissionAccrual.HoldUntil"/>.</summary>
    public static CommissionEntry Accrue(Guid id, CommissionAccrual accrual, DateTimeOffset now) => new()
    {
        Id = id,
        OrganizationId = accrual.OrganizationId,
        Kind = CommissionEntryKind.Accrual,
        Amount = accrual.Amount,
        OnHoldChange = accrual.Amount,
        AvailableChange = 0m,
        DealId = accrual.DealId,
        IssueNo = accrual.IssueNo,
        Level = accrual.Level,
        SourceOrganizationId = accrual.SourceOrganizationId,
        IssuedOn = accrual.IssuedOn,
        BankCode = accrual.BankCode,
        Product = accrual.Product,
        Grade = accrual.Grade,
        Base = accrual.Base,
        Share = accrual.Share,
        HoldUntil = accrual.HoldUntil,
        FeeRevision = accrual.FeeRevision,
        IdempotencyKey = KeyOf(accrual.DealId, accrual.IssueNo, accrual.Level, "accrual", accrual.FeeRevision),
        CreatedAt = now,
    };

    /// <summary>The accrual's money moves from on hold to available.</summary>
    public static CommissionEntry Release(Guid id, CommissionEntry accrual, DateTimeOffset now) =>
        Follow(id, accrual, CommissionEntryKind.Release, accrual.Amount, -accrual.Amount, accrual.Amount, "release", now);

    /// <summary>Undoes an accrual or a release: its amount and movements with the opposite sign.</summary>
    public static CommissionEntry Reverse(Guid id, CommissionEntry entry, DateTimeOffset now) =>
        Follow(id, entry, CommissionEntryKind.Reversal, -entry.Amount, -entry.OnHoldChange, -entry.AvailableChange, $"reversal-of-{entry.Kind.ToString().ToLowerInvariant()}", now);

    /// <summary>The payout of a settlement act: its total taken from the available balance, once per act.</summary>
    public static CommissionEntry Payout(Guid id, Guid organizationId, Guid actId, decimal total, DateTimeOffset now) => new()
    {
        Id = id,
        OrganizationId = organizationId,
        Kind = CommissionEntryKind.Payout,
        Amount = -total,
        OnHoldChange = 0m,
        AvailableChange = -total,
        IdempotencyKey = $"settlement:{actId:D}:payout",
        CreatedAt = now,
    };

    private static CommissionEntry Follow(
        Guid id, CommissionEntry of, CommissionEntryKind kind, decimal amount, decimal onHold, decimal available, string what, DateTimeOffset now) => new()
        {
            Id = id,
            OrganizationId = of.OrganizationId,
            Kind = kind,
            Amount = amount,
            OnHoldChange = onHold,
            AvailableChange = available,
            DealId = of.DealId,
            IssueNo = of.IssueNo,
            Level = of.Level,
            SourceOrganizationId = of.SourceOrganizationId,
            IssuedOn = of.IssuedOn,
            BankCode = of.BankCode,
            Product = of.Product,
            Grade = of.Grade,
            Base = of.Base,
            Share = of.Share,
            HoldUntil = of.HoldUntil,
            FeeRevision = of.FeeRevision,
            FollowsEntryId = of.Id,
            IdempotencyKey = KeyOf(of.DealId!.Value, of.IssueNo!.Value, of.Level!.Value, what, of.FeeRevision),
            CreatedAt = now,
        };
}

/// <summary>What one level of one loan issue accrues to one organization.</summary>
public sealed record CommissionAccrual(
    Guid OrganizationId,
    Guid DealId,
    int IssueNo,
    int Level,
    Guid? SourceOrganizationId,
    DateOnly IssuedOn,
    string BankCode,
    LoanProduct Product,
    string? Grade,
    decimal Base,
    decimal Share,
    decimal Amount,
    DateOnly HoldUntil,
    int? FeeRevision = null);
