using MakCrm.Application.Auction;
using MakCrm.Application.Common;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>A lead up for auction as the caller may see it (schema <c>Lot</c>).</summary>
public sealed record Lot(
    Guid Id,
    Guid LeadId,
    LotPhase Status,
    decimal StartPrice,
    decimal MinStep,
    decimal? ReservePrice,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> EligibleCities,
    IReadOnlyList<string> EligibleGrades,
    decimal? CurrentPrice,
    decimal MinNextBid,
    int BidCount,
    int Round,
    Guid? PreviousLotId,
    LotOutcome? Outcome,
    LotRedistribution? Redistribution,
    Guid? AssignedOrganizationId,
    Guid? RelistedAsLotId,
    DateTimeOffset? ClosedAt,
    LotLead Lead,
    LotContact? Contact,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Lot From(LotView view) => new(
        view.Id, view.LeadId, view.Phase, view.StartPrice, view.MinStep, view.ReservePrice, view.StartsAt, view.EndsAt, view.EligibleCities,
        view.EligibleGrades, view.CurrentPrice, view.MinimumNextBid, view.BidCount, view.Round, view.PreviousLotId, view.Outcome, view.Redistribution,
        view.AssignedOrganizationId, view.RelistedAsLotId, view.ClosedAt,
        new LotLead(view.Lead.Name, view.Lead.City, view.Lead.RequestedAmount, view.Lead.Product, view.Lead.Source),
        view.Contact is { } contact ? new LotContact(contact.FullName, contact.Phone, contact.Email) : null,
        view.CreatedAt, view.UpdatedAt);
}

/// <summary>The lead's data every bidder sees: never the phone or the e-mail.</summary>
public sealed record LotLead(string Name, string? City, decimal? RequestedAmount, LoanProduct? Product, string Source);

public sealed record LotContact(string FullName, string Phone, string? Email);

public sealed record LotPage(IReadOnlyList<Lot> Items, string? NextCursor)
{
    public static LotPage From(Page<LotView> page) => new(page.Items.Select(Lot.From).ToList(), page.NextCursor);
}

public sealed record CreateLotRequest
{
    public required Guid LeadId { get; init; }

    public required decimal StartPrice { get; init; }

    public required decimal MinStep { get; init; }

    public decimal? ReservePrice { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    public IReadOnlyList<string>? EligibleCities { get; init; }

    public IReadOnlyList<string>? EligibleGrades { get; init; }

    public CreateLotCommand ToCommand() => new(LeadId, StartPrice, MinStep, ReservePrice, StartsAt, EndsAt, EligibleCities, EligibleGrades);
}

public sealed record PlaceBidRequest
{
    public required decimal Amount { get; init; }
}

public sealed record Bid(Guid Id, Guid LotId, decimal Amount, DateTimeOffset PlacedAt, DateTimeOffset LotEndsAt)
{
    public static Bid From(BidDto dto) => new(dto.Id, dto.LotId, dto.Amount, dto.PlacedAt, dto.LotEndsAt);
}

public sealed record LotLiveState(Guid LotId, LotPhase Status, decimal? CurrentPrice, decimal MinNextBid, DateTimeOffset EndsAt, int BidCount, BidPosition Position, int Version)
{
    public static LotLiveState From(Application.Auction.LotLiveState state) => new(
        state.LotId, state.Phase, state.CurrentPrice, state.MinimumNextBid, state.EndsAt, state.BidCount, state.Position, state.Version);
}

public sealed record LotBid(Guid Id, decimal Amount, DateTimeOffset PlacedAt, int BidderNumber, bool IsYours, Guid? OrganizationId)
{
    public static LotBid From(LotBidView view) => new(view.Id, view.Amount, view.PlacedAt, view.BidderNumber, view.IsYours, view.OrganizationId);
}

public sealed record LotBidPage(IReadOnlyList<LotBid> Items, string? NextCursor)
{
    public static LotBidPage From(Page<LotBidView> page) => new(page.Items.Select(LotBid.From).ToList(), page.NextCursor);
}
