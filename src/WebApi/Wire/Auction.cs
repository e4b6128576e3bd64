using MakCrm.Application.Auction;
using MakCrm.Application.Common;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;
using LotLiveState = MakCrm.Contracts.LotLiveState;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class AuctionMappings
{
    /// <summary>A lead up for auction as the caller may see it (schema <c>Lot</c>).</summary>
    extension(Lot)
    {
        public static Lot From(LotView view) => new(
            view.Id, view.LeadId, view.Phase, view.StartPrice, view.MinStep, view.ReservePrice, view.StartsAt, view.EndsAt, view.EligibleCities,
            view.EligibleGrades, view.CurrentPrice, view.MinimumNextBid, view.BidCount, view.Round, view.PreviousLotId, view.Outcome, view.Redistribution,
            view.AssignedOrganizationId, view.RelistedAsLotId, view.ClosedAt,
            new LotLead(view.Lead.Name, view.Lead.City, view.Lead.RequestedAmount, view.Lead.Product, view.Lead.Source),
            view.Contact is { } contact ? new LotContact(contact.FullName, contact.Phone, contact.Email) : null,
            view.CreatedAt, view.UpdatedAt);
    }

    extension(LotLiveState)
    {
        public static LotLiveState From(Application.Auction.LotLiveState state) => new(
            state.LotId, state.Phase, state.CurrentPrice, state.MinimumNextBid, state.EndsAt, state.BidCount, state.Position, state.Version);
    }

    extension(LotBid)
    {
        public static LotBid From(LotBidView view) => new(view.Id, view.Amount, view.PlacedAt, view.BidderNumber, view.IsYours, view.OrganizationId);
    }
}
