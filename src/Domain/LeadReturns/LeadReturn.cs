using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.LeadReturns;

/// <summary>
/// A franchisee's request to give back a lead it bought: the charge it returns, why, and head office's decision.
/// A return is decided once; an accepted one is refunded through the ledger (<see cref="RefundEntryId"/>).
/// </summary>
public sealed class LeadReturn : AggregateRoot, IOrganizationOwned
{
    public const int MaxCommentLength = 1000;
    public const int MaxRejectionReasonLength = 1000;

    private LeadReturn() { }

    private LeadReturn(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid LeadId { get; private set; }

    /// <summary>The franchisee that bought the lead and returns it.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    /// <summary>The ledger entry that charged the franchisee for the lead.</summary>
    public Guid ChargeEntryId { get; private set; }

    /// <summary>Roubles: what the charge took, and what an accepted return refunds.</summary>
    public decimal Amount { get; private set; }

    public Guid? LotId { get; private set; }

    public LeadReturnReason Reason { get; private set; }

    public string? Comment { get; private set; }

    public LeadReturnStatus Status { get; private set; }

    public Guid? RequestedByUserId { get; private set; }

    public Guid? DecidedByUserId { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? RejectionReason { get; private set; }

    public Guid? RefundEntryId { get; private set; }

    public static LeadReturn Request(
        Guid id,
        ReturnableCharge charge,
        LeadReturnReason reason,
        string? comment,
        Guid? userId,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            LeadId = charge.LeadId,
            OrganizationId = charge.OrganizationId,
            ChargeEntryId = charge.EntryId,
            Amount = charge.Amount,
            LotId = charge.LotId,
            Reason = reason,
            Comment = TextNormalizer.TrimOrNull(comment),
            Status = LeadReturnStatus.Requested,
            RequestedByUserId = userId,
        };

    public Result<Unit> Accept(Guid refundEntryId, Guid? userId, DateTimeOffset now) =>
        Decide(LeadReturnStatus.Accepted, userId, now, () => RefundEntryId = refundEntryId);

    public Result<Unit> Reject(string reason, Guid? userId, DateTimeOffset now) =>
        Decide(LeadReturnStatus.Rejected, userId, now, () => RejectionReason = TextNormalizer.Collapse(reason));

    private Result<Unit> Decide(LeadReturnStatus decision, Guid? userId, DateTimeOffset now, Action apply)
    {
        var allowed = Check(new ReturnIsDecidedOnce(Id, Status));
        if (allowed.IsSuccess)
        {
            Status = decision;
            DecidedByUserId = userId;
            DecidedAt = now;
            apply();
            Touch(now);
        }

        return allowed;
    }
}

/// <summary>A charge that a return may give back: the franchisee's latest charge for the lead, not returned
/// before.</summary>
public sealed record ReturnableCharge(
    Guid EntryId,
    Guid OrganizationId,
    Guid LeadId,
    decimal Amount,
    Guid? LotId,
    DateTimeOffset ChargedAt
);
