namespace MakCrm.Domain.Auction;

/// <summary>
/// A lead put up for franchisees to bid on. Bids change the lot's price, leader and end on the hot path (one
/// conditional update under the lot's row lock, in the bid's SQL; <see cref="LotBidding"/> is its oracle); putting up
/// and closing go through this aggregate, so they are audited.
/// </summary>
public sealed class Lot : AggregateRoot
{
    public const int MaxEligibilityEntries = 50;
    public const int MaxEligibilityLength = 100;

    private Lot() { }

    private Lot(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid LeadId { get; private set; }

    public decimal StartPrice { get; private set; }

    public decimal MinStep { get; private set; }

    public decimal? ReservePrice { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>Moves later when a bid comes in the anti-sniping window.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>Cities (as organizations spell them, compared case-insensitively) whose franchisees may bid; empty:
    /// any.</summary>
    public string[] EligibleCities { get; private set; } = [];

    /// <summary>Grades whose franchisees may bid; empty: any.</summary>
    public string[] EligibleGrades { get; private set; } = [];

    public LotStatus Status { get; private set; }

    /// <summary>The leading bid's amount; <c>null</c> before the first bid.</summary>
    public decimal? CurrentPrice { get; private set; }

    public Guid? LeaderOrganizationId { get; private set; }

    public Guid? LeaderBidId { get; private set; }

    public int BidCount { get; private set; }

    /// <summary>1 for the first listing of the lead, 2 for its first relisting, and so on.</summary>
    public int Round { get; private set; }

    /// <summary>The lot this one relists, if any.</summary>
    public Guid? PreviousLotId { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public LotOutcome? Outcome { get; private set; }

    /// <summary>What happened to an unsold lead: relisted, assigned by rotation, or back to head office.</summary>
    public LotRedistribution? Redistribution { get; private set; }

    /// <summary>The winner's organization, or the franchisee that rotation assigned the unsold lead to.</summary>
    public Guid? AssignedOrganizationId { get; private set; }

    public Guid? RelistedAsLotId { get; private set; }

    public decimal MinimumNextBid => CurrentPrice is { } price ? price + MinStep : StartPrice;

    public static Lot Create(
        Guid id,
        Guid leadId,
        LotTerms terms,
        int round,
        Guid? previousLotId,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            LeadId = leadId,
            StartPrice = Money.ToKopecks(terms.StartPrice),
            MinStep = Money.ToKopecks(terms.MinStep),
            ReservePrice = Money.ToKopecks(terms.ReservePrice),
            StartsAt = terms.StartsAt,
            EndsAt = terms.EndsAt,
            EligibleCities = LotEligibility.Normalize(terms.EligibleCities),
            EligibleGrades = LotEligibility
                .Normalize(terms.EligibleGrades)
                .Select(g => g.ToLowerInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToArray(),
            Status = LotStatus.Open,
            Round = round,
            PreviousLotId = previousLotId,
        };

    public LotTerms Terms => new(StartPrice, MinStep, ReservePrice, StartsAt, EndsAt, EligibleCities, EligibleGrades);

    public bool Admits(string? city, string? grade) =>
        LotEligibility.Admits(EligibleCities, EligibleGrades, city, grade);

    /// <summary>
    /// Closes the lot at its end: sold to the leader when there is one at or above the reserve, else not sold;
    /// withdrawn when its lead was deleted meanwhile.
    /// </summary>
    public LotOutcome Close(bool leadDeleted, DateTimeOffset now)
    {
        Outcome =
            leadDeleted ? LotOutcome.Withdrawn
            : LeaderOrganizationId is null ? LotOutcome.NoBids
            : ReservePrice is { } reserve && CurrentPrice < reserve ? LotOutcome.BelowReserve
            : LotOutcome.Sold;
        Status = Outcome == LotOutcome.Sold ? LotStatus.Sold : LotStatus.NotSold;
        AssignedOrganizationId = Outcome == LotOutcome.Sold ? LeaderOrganizationId : null;
        ClosedAt = now;
        Touch(now);
        return Outcome.Value;
    }

    public void Redistribute(
        LotRedistribution redistribution,
        Guid? assignedOrganizationId,
        Guid? relistedAsLotId,
        DateTimeOffset now
    )
    {
        Redistribution = redistribution;
        AssignedOrganizationId = assignedOrganizationId;
        RelistedAsLotId = relistedAsLotId;
        Touch(now);
    }
}

/// <summary>What head office sets when it puts a lead up.</summary>
public sealed record LotTerms(
    decimal StartPrice,
    decimal MinStep,
    decimal? ReservePrice,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> EligibleCities,
    IReadOnlyList<string> EligibleGrades
);

public enum LotStatus
{
    Open,
    Sold,
    NotSold,
}

public enum LotOutcome
{
    Sold,
    NoBids,
    BelowReserve,
    Withdrawn,
}

public enum LotRedistribution
{
    Relisted,
    Rotated,
    HeadOffice,
}

/// <summary>Which franchisees may bid: any city and grade unless the lot names some.</summary>
public static class LotEligibility
{
    public static string[] Normalize(IReadOnlyList<string> values) =>
        values
            .Select(v => TextNormalizer.Collapse(v))
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    public static bool Admits(
        IReadOnlyList<string> cities,
        IReadOnlyList<string> grades,
        string? city,
        string? grade
    ) =>
        (
            cities.Count == 0
            || (city is not null && cities.Contains(TextNormalizer.Collapse(city), StringComparer.OrdinalIgnoreCase))
        ) && (grades.Count == 0 || (grade is not null && grades.Contains(grade, StringComparer.OrdinalIgnoreCase)));
}
