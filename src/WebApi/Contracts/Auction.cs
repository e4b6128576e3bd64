using MakCrm.Application.Auction;
using MakCrm.Application.Common;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>A lead up for auction as the caller may see it (schema <c>Lot</c>).</summary>
public sealed partial record Lot
{
    public static Lot From(LotView view) => new(
        view.Id, view.LeadId, view.Phase, view.StartPrice, view.MinStep, view.ReservePrice, view.StartsAt, view.EndsAt, view.EligibleCities,
        view.EligibleGrades, view.CurrentPrice, view.MinimumNextBid, view.BidCount, view.Round, view.PreviousLotId, view.Outcome, view.Redistribution,
        view.AssignedOrganizationId, view.RelistedAsLotId, view.ClosedAt,
        new LotLead(view.Lead.Name, view.Lead.City, view.Lead.RequestedAmount, view.Lead.Product, view.Lead.Source),
        view.Contact is { } contact ? new LotContact(contact.FullName, contact.Phone, contact.Email) : null,
        view.CreatedAt, view.UpdatedAt);
}

public sealed partial record LotPage
{
    public static LotPage From(Page<LotView> page) => new(page.Items.Select(Lot.From).ToList(), page.NextCursor);
}

public sealed partial record LotLiveState
{
    public static LotLiveState From(Application.Auction.LotLiveState state) => new(
        state.LotId, state.Phase, state.CurrentPrice, state.MinimumNextBid, state.EndsAt, state.BidCount, state.Position, state.Version);
}

public sealed partial record LotBid
{
    public static LotBid From(LotBidView view) => new(view.Id, view.Amount, view.PlacedAt, view.BidderNumber, view.IsYours, view.OrganizationId);
}

public sealed partial record LotBidPage
{
    public static LotBidPage From(Page<LotBidView> page) => new(page.Items.Select(LotBid.From).ToList(), page.NextCursor);
}
