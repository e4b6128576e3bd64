using MakCrm.Application.Auction;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;
using LotLiveState = MakCrm.Contracts.LotLiveState;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class AuctionMappings
{
    extension(LotLiveState)
    {
        public static LotLiveState From(Application.Auction.LotLiveState state) =>
            new(
                state.LotId,
                state.Phase,
                state.CurrentPrice,
                state.MinimumNextBid,
                state.EndsAt,
                state.BidCount,
                state.Position,
                state.Version
            );
    }

    extension(LotBid)
    {
        public static LotBid From(LotBidView view) =>
            new(view.Id, view.Amount, view.PlacedAt, view.BidderNumber, view.IsYours, view.OrganizationId);
    }
}
