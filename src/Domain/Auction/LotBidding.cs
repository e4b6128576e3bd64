using MakCrm.Domain.Ledger;

namespace MakCrm.Domain.Auction;

/// <summary>The lot as the bid path reads it under its row lock.</summary>
public sealed record LotSnapshot(
    Guid Id,
    Guid LeadId,
    LotStatus Status,
    decimal StartPrice,
    decimal MinStep,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> EligibleCities,
    IReadOnlyList<string> EligibleGrades,
    decimal? CurrentPrice,
    Guid? LeaderOrganizationId,
    Guid? LeaderBidId,
    int Version
)
{
    public decimal MinimumNextBid => CurrentPrice is { } price ? price + MinStep : StartPrice;
}

/// <summary>
/// Who bids: a franchisee's organization, its city and grade, and what its ledger allows. <see cref="Available"/> is
/// <c>null</c> when it was not read because the bid was below the lot's minimum: a rule checked before
/// <see cref="BidMustBeCovered"/> refuses such a bid, and summing the ledger for it would be wasted work.
/// </summary>
public sealed record Bidder(Guid OrganizationId, bool IsFranchisee, string? City, string? Grade, decimal? Available);

/// <summary>The anti-sniping rule: a bid in the last <see cref="Window"/> moves the end to the bid's time plus
/// <see cref="Extension"/>.</summary>
public sealed record AntiSniping(TimeSpan Window, TimeSpan Extension);

/// <summary>
/// An accepted bid's effects: the new end, the amount to hold, and the previous leader's hold to release (the
/// bidder's own when it raises its lead).
/// </summary>
public sealed record BidDecision(
    decimal Amount,
    DateTimeOffset EndsAt,
    Guid? ReleaseOrganizationId,
    Guid? ReleaseBidId,
    decimal ReleaseAmount
);

/// <summary>
/// The bid's rules in C#: the test oracle of the bid's SQL (<c>BidBook</c>), which is their source of truth, since it
/// decides what the database accepts (ADR 0038), and what names a refusal's reason from the state that SQL decided on.
/// A rule changes in the SQL and here together; the bid-path and auction tests fail when the two disagree.
/// </summary>
public static class LotBidding
{
    public static Result<BidDecision> Decide(
        LotSnapshot lot,
        Bidder bidder,
        decimal amount,
        AntiSniping antiSniping,
        DateTimeOffset now
    )
    {
        var raisesOwnLead = lot.LeaderOrganizationId == bidder.OrganizationId;
        var ownHold = raisesOwnLead ? lot.CurrentPrice ?? 0m : 0m;
        var accepted = Check(
            new LotMustBeLive(lot, now),
            new BidderMustBeEligible(lot, bidder),
            new BidMustReachMinimum(lot, amount),
            new BidMustBeCovered(bidder, amount, ownHold)
        );
        if (!accepted.IsSuccess)
        {
            return accepted.Error!;
        }

        var endsAt =
            now >= lot.EndsAt - antiSniping.Window && now + antiSniping.Extension > lot.EndsAt
                ? now + antiSniping.Extension
                : lot.EndsAt;
        return new BidDecision(amount, endsAt, lot.LeaderOrganizationId, lot.LeaderBidId, lot.CurrentPrice ?? 0m);
    }

    private static Result<Unit> Check(params IBusinessRule[] rules)
    {
        foreach (var rule in rules)
        {
            if (rule.IsBroken())
            {
                return rule.Error;
            }
        }

        return Unit.Value;
    }
}

/// <summary>Bids are taken from the start to the end, and only while the lot is open.</summary>
public sealed record LotMustBeLive(LotSnapshot Lot, DateTimeOffset Now) : IBusinessRule
{
    public bool IsBroken() => Lot.Status != LotStatus.Open || Now < Lot.StartsAt || Now >= Lot.EndsAt;

    public Error Error =>
        Now < Lot.StartsAt && Lot.Status == LotStatus.Open
            ? new(ErrorCodes.LotNotStarted, $"The lot opens for bids at {Lot.StartsAt:O}.", ErrorKind.Conflict)
            : new(ErrorCodes.LotEnded, $"The lot ended at {Lot.EndsAt:O}; it takes no more bids.", ErrorKind.Conflict);
}

/// <summary>Only franchisees of the lot's cities and grades (when it names any) bid.</summary>
public sealed record BidderMustBeEligible(LotSnapshot Lot, Bidder Bidder) : IBusinessRule
{
    public bool IsBroken() =>
        !Bidder.IsFranchisee
        || !LotEligibility.Admits(Lot.EligibleCities, Lot.EligibleGrades, Bidder.City, Bidder.Grade);

    public Error Error =>
        new(
            ErrorCodes.LotNotEligible,
            Bidder.IsFranchisee
                ? "The lot is limited to franchisees of other cities or grades."
                : "Only franchisees bid.",
            ErrorKind.Conflict
        );
}

/// <summary>The first bid is at least the start price; later ones at least the current price plus the step.</summary>
public sealed record BidMustReachMinimum(LotSnapshot Lot, decimal Amount) : IBusinessRule
{
    public bool IsBroken() => Amount < Lot.MinimumNextBid;

    public Error Error =>
        new(
            ErrorCodes.BidTooLow,
            $"The bid must be at least {Lot.MinimumNextBid:0.00} roubles.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["minimumBid"] = Lot.MinimumNextBid }
        );
}

/// <summary>The bid is held from the available balance (a leader raising its own bid gets its current hold back
/// first).</summary>
public sealed record BidMustBeCovered(Bidder Bidder, decimal Amount, decimal OwnHold) : IBusinessRule
{
    private AvailableBalanceMustCover Balance =>
        new(
            (
                Bidder.Available
                ?? throw new InvalidOperationException(
                    "The bidder's balance was not read, but the bid reached the lot's minimum."
                )
            ) + OwnHold,
            -Amount
        );

    public bool IsBroken() => Balance.IsBroken();

    public Error Error => Balance.Error;
}
