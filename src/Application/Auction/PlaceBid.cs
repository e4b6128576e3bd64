using System.Globalization;
using MakCrm.Domain.Auction;

namespace MakCrm.Application.Auction;

/// <summary>
/// A franchisee's bid. Its retries are made safe by the API's <c>Idempotency-Key</c>, which the bid's own statement
/// batch
/// claims: a retry gets the first attempt back from the book (the accepted bid, or the state its refusal was decided
/// on)
/// and is answered from it as the first request was.
/// </summary>
public sealed record PlaceBidCommand(Guid LotId, decimal Amount) : ICommand<Contracts.Bid>, ICommitsInItsOwnBatch;

internal sealed class PlaceBidValidator : AbstractValidator<PlaceBidCommand>
{
    public PlaceBidValidator()
    {
        RuleFor(c => (decimal?)c.Amount).ValidAmount().OverridePropertyName("amount");
    }
}

internal sealed class PlaceBidHandler(IBidBook book, ICurrentActor actor, AuctionOptions options, TimeProvider clock)
    : ICommandHandler<PlaceBidCommand, Contracts.Bid>
{
    public async Task<Result<Contracts.Bid>> Handle(PlaceBidCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var antiSniping = new AntiSniping(options.AntiSnipingWindow, options.AntiSnipingExtension);
        var request = new BidRequest(
            clock.NewId(),
            command.LotId,
            actor.OrganizationId,
            actor.UserId,
            actor.ClientId,
            command.Amount,
            antiSniping,
            now
        );
        var attempt = await book.PlaceAsync(request, cancellationToken);
        if (attempt.Accepted is { } accepted)
        {
            return new Contracts.Bid(
                accepted.BidId,
                command.LotId,
                command.Amount,
                accepted.PlacedAt,
                accepted.LotEndsAt
            );
        }

        if (attempt.Lot is null || attempt.Bidder is null)
        {
            return Error.NotFound("Lot", command.LotId);
        }

        // The bid's SQL, the rules' source of truth, refused the bid on this committed state; LotBidding, its oracle,
        // names the reason. Only a change the lot's and the ledger's locks do not cover (the bidder's city or grade
        // edited in the same instant) could make them disagree.
        var decision = LotBidding.Decide(attempt.Lot, attempt.Bidder, command.Amount, antiSniping, attempt.DecidedAt);
        return decision.IsSuccess
            ? new Error(
                ErrorCodes.Conflict,
                "The lot or your organization changed while the bid was decided; place it again.",
                ErrorKind.Conflict
            )
            : decision.Error!;
    }
}
