using MakCrm.Domain.Leads;

namespace MakCrm.Domain.Deals;

/// <summary>
/// The loan a bank issued on a deal: the issue as the bank reported it and, when it was undone, its cancellation.
/// <paramref name="Number"/> counts the deal's issues (1, 2, ...): a deal re-issued after a cancellation is a new
/// issue,
/// and what the issue accrued is keyed by it.
/// <paramref name="Fee"/> is the agent fee the bank paid for the issue, once recorded; <paramref name="FeeRevision"/>
/// counts
/// its recordings (0: none; a correction is the next revision, and what a received-fee base accrued is keyed by it).
/// </summary>
public sealed record LoanIssue(
    int Number,
    LoanIssueDetails Details,
    LoanCancellation? Cancellation,
    LoanFee? Fee = null,
    int FeeRevision = 0
)
{
    public bool IsCancelled => Cancellation is not null;
}

/// <summary>The agent fee a bank actually paid the broker for an issued loan: how much, when, and the bank's
/// reference.</summary>
public sealed record LoanFee(decimal Amount, DateOnly ReceivedOn, string? Reference)
{
    public const int MaxReferenceLength = 100;
}

/// <summary>What the bank issued: when, how much, which bank (a code of the bank list), which product, for how
/// long.</summary>
public sealed record LoanIssueDetails(
    DateOnly IssuedOn,
    decimal Amount,
    string BankCode,
    LoanProduct Product,
    int TermMonths
)
{
    public const decimal MaxAmount = 1_000_000_000m;
    public const int MaxTermMonths = 600;
}

/// <summary>Why and when an issued loan was undone.</summary>
public sealed record LoanCancellation(DateOnly CancelledOn, LoanCancellationReason Reason);

/// <summary>Why an issued loan no longer earns a commission.</summary>
public enum LoanCancellationReason
{
    /// <summary>The borrower returned the loan early within the cooling-off period (353-ФЗ art. 11: 14 or 30
    /// days).</summary>
    EarlyReturn,

    /// <summary>The bank took its agent fee back.</summary>
    BankClawback,
}

/// <summary>A loan is issued once until it is cancelled; recording a different issue over a live one is a
/// conflict.</summary>
public sealed class LiveLoanIssueIsNotReplaced(LoanIssue? current, LoanIssueDetails details) : IBusinessRule
{
    public bool IsBroken() => current is { IsCancelled: false } && current.Details != details;

    public Error Error =>
        new(
            ErrorCodes.LoanAlreadyIssued,
            "The deal's loan is issued already with other details; cancel that issue before recording another.",
            ErrorKind.Conflict
        );
}

/// <summary>Only an issued loan that is not cancelled can be cancelled (cancelling it again the same way changes
/// nothing).</summary>
public sealed class OnlyAnIssuedLoanIsCancelled(LoanIssue? current, LoanCancellation cancellation) : IBusinessRule
{
    public bool IsBroken() => current is null || (current.Cancellation is { } done && done != cancellation);

    public Error Error =>
        new(
            ErrorCodes.LoanNotIssued,
            current is null
                ? "The deal has no issued loan to cancel."
                : "The deal's loan is cancelled already, on another date or for another reason.",
            ErrorKind.Conflict
        );
}

/// <summary>A loan cannot be cancelled before it was issued.</summary>
public sealed class CancellationIsNotBeforeIssue(LoanIssue? current, LoanCancellation cancellation) : IBusinessRule
{
    public bool IsBroken() => current is not null && cancellation.CancelledOn < current.Details.IssuedOn;

    public Error Error => Error.Validation("cancelledOn", "Must not be before the loan's issue date.");
}

/// <summary>A fee is recorded only for an issued loan that is not cancelled.</summary>
public sealed class OnlyALiveIssueHasAFee(LoanIssue? current) : IBusinessRule
{
    public bool IsBroken() => current is not { IsCancelled: false };

    public Error Error =>
        new(
            ErrorCodes.LoanNotIssued,
            current is null
                ? "The deal has no issued loan to record a fee for."
                : "The deal's loan is cancelled; a fee is recorded only for a live issue.",
            ErrorKind.Conflict
        );
}

/// <summary>A bank pays its fee for a loan it issued, so not before the issue date.</summary>
public sealed class FeeIsNotBeforeIssue(LoanIssue? current, LoanFee fee) : IBusinessRule
{
    public bool IsBroken() => current is not null && fee.ReceivedOn < current.Details.IssuedOn;

    public Error Error => Error.Validation("receivedOn", "Must not be before the loan's issue date.");
}
