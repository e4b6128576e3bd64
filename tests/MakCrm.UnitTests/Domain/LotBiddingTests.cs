using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Domain;

public sealed class LotBiddingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static readonly AntiSniping AntiSniping = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2));

    private static readonly LotSnapshot Lot = new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), LotStatus.Open, 1000m, 10m, Now.AddHours(-1), Now.AddHours(1), [], [],
        CurrentPrice: 1500m, LeaderOrganizationId: Guid.CreateVersion7(), LeaderBidId: Guid.CreateVersion7(), Version: 3);

    [Fact]
    public void A_bid_below_the_minimum_is_refused_as_too_low_without_the_balance()
    {
        var bidder = new Bidder(Guid.CreateVersion7(), IsFranchisee: true, "Москва", "gold", Available: null);

        var decision = LotBidding.Decide(Lot, bidder, 1505m, AntiSniping, Now);

        decision.Error!.Code.Should().Be(ErrorCodes.BidTooLow);
        decision.Error.Extensions!["minimumBid"].Should().Be(1510m);
    }

    [Fact]
    public void A_bid_that_reaches_the_minimum_is_decided_on_the_balance()
    {
        var bidder = new Bidder(Guid.CreateVersion7(), IsFranchisee: true, "Москва", "gold", Available: 1509m);

        LotBidding.Decide(Lot, bidder, 1510m, AntiSniping, Now).Error!.Code.Should().Be(ErrorCodes.InsufficientBalance);
        LotBidding.Decide(Lot, bidder with { Available = 1510m }, 1510m, AntiSniping, Now).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void A_bid_that_reaches_the_minimum_cannot_be_decided_without_the_balance()
    {
        var bidder = new Bidder(Guid.CreateVersion7(), IsFranchisee: true, "Москва", "gold", Available: null);

        var decide = () => LotBidding.Decide(Lot, bidder, 1510m, AntiSniping, Now);

        decide.Should().Throw<InvalidOperationException>();
    }
}
