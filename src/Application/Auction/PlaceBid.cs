using System.Globalization;
using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Auction;

/// <summary>
/// A franchisee's bid. With an idempotency key, a retry of the same request gets the first answer back and
/// nothing happens twice; the same key with another lot or amount is refused.
/// </summary>
public sealed record PlaceBidCommand(Guid LotId, decimal Amount, string? IdempotencyKey) : ICommand<BidDto>, ISelfCommittingCommand;

internal sealed class PlaceBidValidator : AbstractValidator<PlaceBidCommand>
{
    public PlaceBidValidator()
    {
        RuleFor(c => (decimal?)c.Amount).ValidAmount().OverridePropertyName("amount");
        RuleFor(c => c.IdempotencyKey)
            .Must(k => k is null || (k.Length is > 0 and <= Bid.MaxIdempotencyKeyLength && k.All(ch => ch is > ' ' and < '\u007f')))
            .WithMessage($"Must be 1 to {Bid.MaxIdempotencyKeyLength} visible ASCII characters.")
            .OverridePropertyName("Idempotency-Key");
    }
}

internal sealed class PlaceBidHandler(IBidBook book, ICurrentActor actor, AuctionOptions options, TimeProvider clock)
    : ICommandHandler<PlaceBidCommand, BidDto>
{
    public async Task<Result<BidDto>> Handle(PlaceBidCommand command, CancellationToken cancellationToken)
    {
        var caller = actor.UserId is { } userId ? $"user:{userId}" : $"client:{actor.ClientId}";
        var fingerprint = $"{command.LotId}:{command.Amount.ToString("0.00", CultureInfo.InvariantCulture)}";

        var now = clock.UtcNowMicroseconds();
        var antiSniping = new AntiSniping(options.AntiSnipingWindow, options.AntiSnipingExtension);
        var request = new BidRequest(
            clock.NewId(), command.LotId, actor.OrganizationId, actor.UserId, actor.ClientId, caller, command.IdempotencyKey, fingerprint,
            command.Amount, antiSniping, now);
        var attempt = await book.PlaceAsync(request, cancellationToken);
        if (attempt.Accepted is { } accepted)
        {
            return new BidDto(request.BidId, command.LotId, command.Amount, accepted.PlacedAt, accepted.LotEndsAt, Replayed: false);
        }

        if (attempt.Lot is null || attempt.Bidder is null)
        {
            return Error.NotFound("Lot", command.LotId);
        }

        if (attempt.Stored is { } stored)
        {
            return stored.Fingerprint == fingerprint
                ? stored.Bid with { Amount = command.Amount, Replayed = true }
                : new Error(
                    ErrorCodes.IdempotencyKeyReused,
                    "This Idempotency-Key was used for a different bid; use a new key for a new bid.",
                    ErrorKind.Conflict);
        }

        // The database refused the bid under LotBidding's rules (in SQL) on this committed state; the domain names the
        // reason. Only a change the lot's and the ledger's locks do not cover (the bidder's city or grade edited in the
        // same instant) could make them disagree.
        var decision = LotBidding.Decide(attempt.Lot, attempt.Bidder, command.Amount, antiSniping, attempt.DecidedAt);
        return decision.IsSuccess
            ? new Error(ErrorCodes.Conflict, "The lot or your organization changed while the bid was decided; place it again.", ErrorKind.Conflict)
            : decision.Error!;
    }
}
