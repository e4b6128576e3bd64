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
public sealed record PlaceBidCommand(Guid LotId, decimal Amount, string? IdempotencyKey) : ICommand<BidDto>;

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

        // Everything below runs under the lot's row lock, taken here: keep it to as few round trips as possible.
        var context = await book.LockAsync(command.LotId, actor.OrganizationId, caller, command.IdempotencyKey, cancellationToken);
        if (context is null)
        {
            return Error.NotFound("Lot", command.LotId);
        }

        if (context.Stored is { } stored)
        {
            return stored.Fingerprint == fingerprint
                ? stored.Bid with { Amount = command.Amount, Replayed = true }
                : new Error(
                    ErrorCodes.IdempotencyKeyReused,
                    "This Idempotency-Key was used for a different bid; use a new key for a new bid.",
                    ErrorKind.Conflict);
        }

        var now = clock.UtcNowMicroseconds();
        var decision = LotBidding.Decide(
            context.Lot, context.Bidder, command.Amount, new AntiSniping(options.AntiSnipingWindow, options.AntiSnipingExtension), now);
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        var bid = new AcceptedBid(
            clock.NewId(), context.Lot, actor.OrganizationId, actor.UserId, actor.ClientId, caller, command.IdempotencyKey, fingerprint, decision.Value, now);
        await book.AcceptAsync(bid, cancellationToken);
        return new BidDto(bid.Id, command.LotId, command.Amount, now, decision.Value.EndsAt, Replayed: false);
    }
}
