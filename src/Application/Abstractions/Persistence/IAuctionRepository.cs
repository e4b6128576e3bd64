using MakCrm.Application.Auction;
using MakCrm.Domain.Auction;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IAuctionRepository
{
    void Add(Lot lot);

    /// <summary>Whether the lead has a lot that is still open (not closed yet).</summary>
    Task<bool> HasOpenLotAsync(Guid leadId, CancellationToken cancellationToken);

    Task<LotDto?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<LotDto>> ListAsync(LotListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>The live state with the organization's position, in one indexed read.</summary>
    Task<LotLiveStateDto?> GetLiveStateAsync(Guid id, Guid organizationId, CancellationToken cancellationToken);

    /// <summary>A lot's bids, newest first.</summary>
    Task<IReadOnlyList<LotBidDto>> ListBidsAsync(
        Guid lotId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>The organizations that bid on the lot.</summary>
    Task<IReadOnlyList<Guid>> BidderOrganizationsAsync(Guid lotId, CancellationToken cancellationToken);

    /// <summary>
    /// The active franchisee the lot's eligibility admits whose last rotation assignment is the oldest (never first),
    /// under a lock that serialises rotation until the transaction ends; <c>null</c> when none is eligible.
    /// </summary>
    Task<Guid?> NextInRotationAsync(
        IReadOnlyList<string> cities,
        IReadOnlyList<string> grades,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// The bid hot path in ONE database round trip that is its own transaction: the request's idempotency key claimed
/// (when it has one), the lot's row lock (only when the bid can still win — a bid below the committed minimum never
/// queues for it), the bidder's ledger lock, the decision and the accepted bid's writes, then the state a refusal is
/// explained from, stored with the key for a retry; committed as the round trip ends. So a hot lot's row lock is held
/// for the database's own work, never while the application prepares its next statement.
/// </summary>
public interface IBidBook
{
    Task<BidAttempt> PlaceAsync(BidRequest request, CancellationToken cancellationToken);
}

public sealed record BidRequest(
    Guid BidId,
    Guid LotId,
    Guid OrganizationId,
    Guid? UserId,
    string? ApiClientId,
    decimal Amount,
    AntiSniping AntiSniping,
    DateTimeOffset Now
);

/// <summary>
/// What the attempt did: <see cref="Accepted"/> when the bid was stored; otherwise the lot (<c>null</c>: no such lot),
/// the time the rules were applied at and the bidder, as committed when the attempt was decided, for the domain to
/// name the reason of the refusal.
/// </summary>
public sealed record BidAttempt(AcceptedBid? Accepted, LotSnapshot? Lot, DateTimeOffset DecidedAt, Bidder? Bidder);

/// <summary>
/// An accepted bid: its id (the request's, or the first request's when a retry with its idempotency key is answered
/// again), its time (the request's, or just after the lot's previous change if that is later, so that a lot's bids are
/// in time order) and the lot's end after it (anti-sniping).
/// </summary>
public sealed record AcceptedBid(Guid BidId, DateTimeOffset PlacedAt, DateTimeOffset LotEndsAt);
