using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Auction;

/// <summary>An accepted bid: append-only, written on the hot path with the lot's update and the hold.</summary>
public sealed class Bid : IOrganizationOwned
{
    private Bid() { }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    public Guid? UserId { get; private set; }

    public string? ApiClientId { get; private set; }

    public decimal Amount { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    /// <summary>The lot's end after this bid (later than before when the bid came in the anti-sniping
    /// window).</summary>
    public DateTimeOffset EndsAtAfter { get; private set; }

    /// <summary>1 for the lot's first bidding organization, 2 for the second...: how others see the bidder.</summary>
    public int BidderNumber { get; private set; }
}
