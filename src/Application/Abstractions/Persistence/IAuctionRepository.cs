using MakCrm.Application.Auction;
using MakCrm.Application.Common;
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
    Task<IReadOnlyList<LotBidDto>> ListBidsAsync(Guid lotId, KeysetPosition? after, int take, CancellationToken cancellationToken);

    /// <summary>The organizations that bid on the lot.</summary>
    Task<IReadOnlyList<Guid>> BidderOrganizationsAsync(Guid lotId, CancellationToken cancellationToken);

    /// <summary>
    /// The active franchisee the lot's eligibility admits whose last rotation assignment is the oldest (never first),
    /// under a lock that serialises rotation until the transaction ends; <c>null</c> when none is eligible.
    /// </summary>
    Task<Guid?> NextInRotationAsync(IReadOnlyList<string> cities, IReadOnlyList<string> grades, CancellationToken cancellationToken);
}

/// <summary>
/// The bid hot path: the lot's row lock, the bidder's ledger lock and everything the decision needs in one round
/// trip; then the accepted bid's writes in one more.
/// </summary>
public interface IBidBook
{
    /// <summary><c>null</c> when the lot does not exist.</summary>
    Task<BidContext?> LockAsync(Guid lotId, Guid organizationId, string caller, string? idempotencyKey, CancellationToken cancellationToken);

    Task AcceptAsync(AcceptedBid bid, CancellationToken cancellationToken);
}

public sealed record BidContext(LotSnapshot Lot, Bidder Bidder, StoredBid? Stored);

/// <summary>The bid an earlier request with the same idempotency key made.</summary>
public sealed record StoredBid(BidDto Bid, string Fingerprint);

public sealed record AcceptedBid(
    Guid Id,
    LotSnapshot Lot,
    Guid OrganizationId,
    Guid? UserId,
    string? ApiClientId,
    string Caller,
    string? IdempotencyKey,
    string Fingerprint,
    BidDecision Decision,
    DateTimeOffset PlacedAt);
