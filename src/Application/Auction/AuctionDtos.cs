using MakCrm.Domain.Access;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Auction;

/// <summary>A lot as stored, with its lead's and client's data unmasked: never handed out as it is (see
/// <see cref="LotView"/>).</summary>
public sealed record LotDto(
    Guid Id,
    Guid LeadId,
    LotStatus Status,
    decimal StartPrice,
    decimal MinStep,
    decimal? ReservePrice,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> EligibleCities,
    IReadOnlyList<string> EligibleGrades,
    decimal? CurrentPrice,
    Guid? LeaderOrganizationId,
    int BidCount,
    int Round,
    Guid? PreviousLotId,
    LotOutcome? Outcome,
    LotRedistribution? Redistribution,
    Guid? AssignedOrganizationId,
    Guid? RelistedAsLotId,
    DateTimeOffset? ClosedAt,
    LotLeadData Lead,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
);

public sealed record LotLeadData(
    string FullName,
    string Phone,
    string? Email,
    string? City,
    string Source,
    decimal? RequestedAmount,
    LoanProduct? Product
);

/// <summary>What a bidder sees of the lead before winning: first name and the surname's initial, city, amount, product,
/// source.</summary>
public sealed record MaskedLead(
    string Name,
    string? City,
    decimal? RequestedAmount,
    LoanProduct? Product,
    string Source
);

public sealed record ContactData(string FullName, string Phone, string? Email);

/// <summary>
/// A lot as the caller may see it. Head office (<c>auction.manage</c>) sees everything; a franchisee sees the
/// masked lead, no reserve and no leader, and the contact data and the outcome only once the lot is its own.
/// </summary>
public sealed record LotView(
    Guid Id,
    Guid LeadId,
    Contracts.LotPhase Phase,
    decimal StartPrice,
    decimal MinStep,
    decimal? ReservePrice,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> EligibleCities,
    IReadOnlyList<string> EligibleGrades,
    decimal? CurrentPrice,
    decimal MinimumNextBid,
    int BidCount,
    int Round,
    Guid? PreviousLotId,
    LotOutcome? Outcome,
    LotRedistribution? Redistribution,
    Guid? AssignedOrganizationId,
    Guid? RelistedAsLotId,
    DateTimeOffset? ClosedAt,
    MaskedLead Lead,
    ContactData? Contact,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned, IAnswersAs<Contracts.Lot>
{
    Contracts.Lot IAnswersAs<Contracts.Lot>.ToRecord() => Contracts.Lot.From(this);

    public static LotView For(LotDto lot, ICurrentActor actor, DateTimeOffset now) =>
        For(lot, actor.Has(Permissions.AuctionManage), actor.OrganizationId, now);

    /// <summary>
    /// The lot as a franchisee of <paramref name="organizationId"/> sees it (<c>null</c>: any bidder, none of whom
    /// owns it): what events about a lot carry, since they are shown to franchisees.
    /// </summary>
    public static LotView AsFranchiseeSees(LotDto lot, Guid? organizationId, DateTimeOffset now) =>
        For(lot, headOffice: false, organizationId, now);

    private static LotView For(LotDto lot, bool headOffice, Guid? organizationId, DateTimeOffset now)
    {
        var own = lot.AssignedOrganizationId is { } assigned && assigned == organizationId;
        var full = headOffice || own;
        return new LotView(
            lot.Id,
            lot.LeadId,
            PhaseOf(lot.Status, lot.StartsAt, lot.EndsAt, now),
            lot.StartPrice,
            lot.MinStep,
            headOffice ? lot.ReservePrice : null,
            lot.StartsAt,
            lot.EndsAt,
            lot.EligibleCities,
            lot.EligibleGrades,
            lot.CurrentPrice,
            lot.CurrentPrice is { } price ? price + lot.MinStep : lot.StartPrice,
            lot.BidCount,
            lot.Round,
            lot.PreviousLotId,
            lot.Outcome,
            headOffice ? lot.Redistribution : null,
            full ? lot.AssignedOrganizationId : null,
            lot.RelistedAsLotId,
            lot.ClosedAt,
            new MaskedLead(
                MaskName(lot.Lead.FullName),
                lot.Lead.City,
                lot.Lead.RequestedAmount,
                lot.Lead.Product,
                lot.Lead.Source
            ),
            full ? new ContactData(lot.Lead.FullName, lot.Lead.Phone, lot.Lead.Email) : null,
            lot.CreatedAt,
            lot.UpdatedAt,
            lot.Version
        );
    }

    public static Contracts.LotPhase PhaseOf(
        LotStatus status,
        DateTimeOffset startsAt,
        DateTimeOffset endsAt,
        DateTimeOffset now
    ) =>
        status switch
        {
            LotStatus.Sold => Contracts.LotPhase.Sold,
            LotStatus.NotSold => Contracts.LotPhase.NotSold,
            _ when now < startsAt => Contracts.LotPhase.Scheduled,
            _ when now < endsAt => Contracts.LotPhase.Live,
            _ => Contracts.LotPhase.Ended,
        };

    /// <summary>
    /// "Иванов Иван Иванович" (surname, first name, patronymic) becomes "Иван И."; a single word stays as it is.
    /// </summary>
    public static string MaskName(string fullName)
    {
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "",
            1 => parts[0],
            _ => $"{parts[1]} {char.ToUpperInvariant(parts[0][0])}.",
        };
    }
}

/// <summary>The few fields a bidder polls every second.</summary>
public sealed record LotLiveStateDto(
    Guid LotId,
    LotStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    decimal StartPrice,
    decimal MinStep,
    decimal? CurrentPrice,
    int BidCount,
    Guid? LeaderOrganizationId,
    bool CallerBid,
    int Version
);

public sealed record LotLiveState(
    Guid LotId,
    Contracts.LotPhase Phase,
    decimal? CurrentPrice,
    decimal MinimumNextBid,
    DateTimeOffset EndsAt,
    int BidCount,
    Contracts.BidPosition Position,
    int Version
)
{
    /// <summary>The phase moves with the clock, not only with the version, so the entity tag names both.</summary>
    public string EntityTag =>
        $"\"{Version}.{Phase.ToString().ToLowerInvariant()}.{Position.ToString().ToLowerInvariant()}\"";

    public static LotLiveState For(LotLiveStateDto lot, Guid organizationId, DateTimeOffset now) =>
        new(
            lot.LotId,
            LotView.PhaseOf(lot.Status, lot.StartsAt, lot.EndsAt, now),
            lot.CurrentPrice,
            lot.CurrentPrice is { } price ? price + lot.MinStep : lot.StartPrice,
            lot.EndsAt,
            lot.BidCount,
            lot.LeaderOrganizationId == organizationId ? Contracts.BidPosition.Leading
                : lot.CallerBid ? Contracts.BidPosition.Outbid
                : Contracts.BidPosition.None,
            lot.Version
        );
}

/// <summary>One bid of a lot's history, unmasked; <see cref="LotBidView"/> masks the bidder.</summary>
public sealed record LotBidDto(Guid Id, Guid OrganizationId, int BidderNumber, decimal Amount, DateTimeOffset PlacedAt);

/// <summary>A bid in the history: head office sees the organization, a franchisee only its own; others are "bidder
/// N".</summary>
public sealed record LotBidView(
    Guid Id,
    decimal Amount,
    DateTimeOffset PlacedAt,
    int BidderNumber,
    bool IsYours,
    Guid? OrganizationId
)
{
    public static LotBidView For(LotBidDto bid, ICurrentActor actor)
    {
        var yours = bid.OrganizationId == actor.OrganizationId;
        return new LotBidView(
            bid.Id,
            bid.Amount,
            bid.PlacedAt,
            bid.BidderNumber,
            yours,
            yours || actor.Has(Permissions.AuctionManage) ? bid.OrganizationId : null
        );
    }
}

public sealed record LotListCriteria(
    LotStatus? Status,
    Guid? LeadId,
    SortOption<LotSorts.Field> Sort,
    KeysetPosition? After,
    int Take
);

public static class LotSorts
{
    public enum Field
    {
        CreatedAt,
        EndsAt,
    }

    public static SortCatalog<Field, LotDto> Lots { get; } =
        new(
            "lots",
            "-createdAt",
            ("createdAt", Field.CreatedAt, typeof(DateTimeOffset), l => l.CreatedAt),
            ("endsAt", Field.EndsAt, typeof(DateTimeOffset), l => l.EndsAt)
        );

    public enum BidField
    {
        PlacedAt,
    }

    public static SortCatalog<BidField, LotBidDto> Bids { get; } =
        new("lot-bids", "-placedAt", ("placedAt", BidField.PlacedAt, typeof(DateTimeOffset), b => b.PlacedAt));
}

/// <summary>A lot as the caller may see it, as the API answers it (schema <c>Lot</c>).</summary>
public static class LotAnswers
{
    extension(Contracts.Lot)
    {
        public static Contracts.Lot From(LotView view) =>
            new(
                view.Id,
                view.LeadId,
                view.Phase,
                view.StartPrice,
                view.MinStep,
                view.ReservePrice,
                view.StartsAt,
                view.EndsAt,
                view.EligibleCities,
                view.EligibleGrades,
                view.CurrentPrice,
                view.MinimumNextBid,
                view.BidCount,
                view.Round,
                view.PreviousLotId,
                view.Outcome,
                view.Redistribution,
                view.AssignedOrganizationId,
                view.RelistedAsLotId,
                view.ClosedAt,
                new Contracts.LotLead(
                    view.Lead.Name,
                    view.Lead.City,
                    view.Lead.RequestedAmount,
                    view.Lead.Product,
                    view.Lead.Source
                ),
                view.Contact is { } contact
                    ? new Contracts.LotContact(contact.FullName, contact.Phone, contact.Email)
                    : null,
                view.CreatedAt,
                view.UpdatedAt
            );
    }
}
