using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Commissions;

/// <summary>Why a partner's commission balance moved.</summary>
public enum CommissionEntryKind
{
    /// <summary>A commission earned on an issued loan, on hold until its hold ends.</summary>
    Accrual,

    /// <summary>An accrual whose hold ended: the money moves from on hold to available.</summary>
    Release,

    /// <summary>An accrual or a release undone because the loan was cancelled: the same amount with the opposite
    /// sign.</summary>
    Reversal,

    /// <summary>Money paid out under a settlement act: taken from the available balance.</summary>
    Payout,

    /// <summary>
    /// A reward in money head office gave the organization (for a leaderboard place, say): available at once, no hold,
    /// settled by the next act like a release. Points are never money; this entry is.
    /// </summary>
    Bonus,
}

/// <summary>What a bonus rewards, when head office names it: a user's place on a month's points leaderboard.</summary>
/// <param name="Month">The first day of the month (Moscow calendar).</param>
/// <param name="Rank">The user's place on its role's board of that month when the bonus was recorded.</param>
public sealed record CommissionBonusRewards(Guid UserId, DateOnly Month, int Rank);

/// <summary>
/// One movement of a partner's commission money: append-only (a database trigger refuses updates and deletes), each
/// with the running balances after it. An entry of a loan names the deal, the deal's issue number, the level (1: the
/// partner that brought the lead, 2: its referrer) and what it was computed from; its idempotency key (deal, issue,
/// level, kind) makes a replayed issue, release or cancellation write nothing twice. A bonus and its reversal name no
/// loan: they carry head office's reason and, optionally, what the bonus rewards.
/// </summary>
public sealed class CommissionEntry : IOrganizationOwned
{
    private CommissionEntry() { }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

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

    /// <summary>Head office's words: why a bonus was given, or why it was reversed. <c>null</c> for entries of loans
    /// and payouts.</summary>
    public string? Reason { get; private set; }

    public Guid? RewardsUserId { get; private set; }

    public DateOnly? RewardsMonth { get; private set; }

    public int? RewardsRank { get; private set; }

    /// <summary>What a bonus (and its reversal) rewards, when head office named it.</summary>
    public CommissionBonusRewards? Rewards =>
        RewardsUserId is { } user ? new CommissionBonusRewards(user, RewardsMonth!.Value, RewardsRank!.Value) : null;

    /// <summary>
    /// Unique: <c>deal:{id}:issue:{n}:level:{l}:{kind}</c> (a reversal names what it reverses); entries of a corrected
    /// fee (revision 2 on) add <c>fee:{r}:</c> before the level, so each revision accrues once.
    /// </summary>
    public string IdempotencyKey { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public const int MaxReasonLength = 500;

    public static string KeyOf(Guid dealId, int issueNo, int level, string what, int? feeRevision = null) =>
        feeRevision is > 1
            ? $"deal:{dealId:D}:issue:{issueNo}:fee:{feeRevision}:level:{level}:{what}"
            : $"deal:{dealId:D}:issue:{issueNo}:level:{level}:{what}";

    /// <summary>A commission on hold until <see cref="CommissionAccrual.HoldUntil"/>.</summary>
    public static CommissionEntry Accrue(Guid id, CommissionAccrual accrual, DateTimeOffset now) =>
        new()
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
        Follow(
            id,
            accrual,
            CommissionEntryKind.Release,
            accrual.Amount,
            -accrual.Amount,
            accrual.Amount,
            "release",
            now
        );

    /// <summary>Undoes an accrual or a release: its amount and movements with the opposite sign.</summary>
    public static CommissionEntry Reverse(Guid id, CommissionEntry entry, DateTimeOffset now) =>
        Follow(
            id,
            entry,
            CommissionEntryKind.Reversal,
            -entry.Amount,
            -entry.OnHoldChange,
            -entry.AvailableChange,
            $"reversal-of-{entry.Kind.ToString().ToLowerInvariant()}",
            now
        );

    /// <summary>The payout of a settlement act: its total taken from the available balance, once per act.</summary>
    public static CommissionEntry Payout(Guid id, Guid organizationId, Guid actId, decimal total, DateTimeOffset now) =>
        new()
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

    /// <summary>A bonus: <paramref name="amount"/> roubles available at once (nothing on hold), written once per entry
    /// id.</summary>
    public static CommissionEntry Bonus(
        Guid id,
        Guid organizationId,
        decimal amount,
        string reason,
        CommissionBonusRewards? rewards,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            OrganizationId = organizationId,
            Kind = CommissionEntryKind.Bonus,
            Amount = amount,
            OnHoldChange = 0m,
            AvailableChange = amount,
            Reason = reason,
            RewardsUserId = rewards?.UserId,
            RewardsMonth = rewards?.Month,
            RewardsRank = rewards?.Rank,
            IdempotencyKey = $"bonus:{id:D}",
            CreatedAt = now,
        };

    /// <summary>Undoes a bonus: its amount with the opposite sign, once (the key names the bonus), with head office's
    /// reason.</summary>
    public static CommissionEntry ReverseBonus(Guid id, CommissionEntry bonus, string reason, DateTimeOffset now) =>
        bonus.Kind != CommissionEntryKind.Bonus
            ? throw new InvalidOperationException("Only a bonus is reversed this way.")
            : new()
            {
                Id = id,
                OrganizationId = bonus.OrganizationId,
                Kind = CommissionEntryKind.Reversal,
                Amount = -bonus.Amount,
                OnHoldChange = -bonus.OnHoldChange,
                AvailableChange = -bonus.AvailableChange,
                Reason = reason,
                RewardsUserId = bonus.RewardsUserId,
                RewardsMonth = bonus.RewardsMonth,
                RewardsRank = bonus.RewardsRank,
                FollowsEntryId = bonus.Id,
                IdempotencyKey = $"bonus:{bonus.Id:D}:reversal",
                CreatedAt = now,
            };

    private static CommissionEntry Follow(
        Guid id,
        CommissionEntry of,
        CommissionEntryKind kind,
        decimal amount,
        decimal onHold,
        decimal available,
        string what,
        DateTimeOffset now
    ) =>
        new()
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
    int? FeeRevision = null
);

/// <summary>Only an active partner or franchisee receives a bonus: head office pays them, and an organization not (or
/// no longer) admitted is not rewarded.</summary>
public sealed record BonusGoesToAnActivePartnerOrFranchisee(OrganizationKind Kind, OrganizationStatus Status)
    : IBusinessRule
{
    public bool IsBroken() => Kind == OrganizationKind.HeadOffice || Status != OrganizationStatus.Active;

    public Error Error =>
        new(
            ErrorCodes.CommissionBonusNotReceivable,
            Kind == OrganizationKind.HeadOffice
                ? "Head office pays bonuses; it does not receive one."
                : $"The organization is {SnakeCaseNames.Of(Status)}: only an active partner or franchisee receives a "
                    + $"bonus.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?>
            {
                ["organizationKind"] = SnakeCaseNames.Of(Kind),
                ["organizationStatus"] = SnakeCaseNames.Of(Status),
            }
        );
}

/// <summary>
/// A bonus an act holds is not reversed: a draft that holds it is discarded first; an issued act settles it as it
/// stands (a correction starts from its lines), so a bonus reversed after that would be money taken back, not a mistake
/// undone.
/// </summary>
public sealed record BonusNotHeldByAnAct(Guid? SettlementActId) : IBusinessRule
{
    public bool IsBroken() => SettlementActId is not null;

    public Error Error =>
        new(
            ErrorCodes.CommissionBonusSettled,
            $"Settlement act {SettlementActId} holds the bonus: a draft is discarded first; a bonus in an issued act "
                + $"is settled by it.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["settlementActId"] = SettlementActId }
        );
}
