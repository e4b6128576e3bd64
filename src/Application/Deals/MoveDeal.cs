using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Leads;
using MakCrm.Domain.Access;

namespace MakCrm.Application.Deals;

/// <summary>
/// Moves a deal into a stage (of its pipeline or another active one), records the move in its stage history and runs
/// the stage's triggers, all in one transaction. Moving into the stage it is in changes nothing and runs nothing.
/// </summary>
public sealed record MoveDealCommand(Guid Id, Guid StageId, VersionCheck IfMatch) : ICommand<DealDto>;

internal sealed class MoveDealValidator : AbstractValidator<MoveDealCommand>
{
    public MoveDealValidator()
    {
        RuleFor(c => c.StageId).NotEmpty().WithMessage("Must be a stage's id.");
    }
}

internal sealed class MoveDealHandler(
    IDealRepository deals,
    DealLinks links,
    StageTriggerRunner triggers,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<MoveDealCommand, DealDto>
{
    public async Task<Result<DealDto>> Handle(MoveDealCommand command, CancellationToken cancellationToken)
    {
        var deal = await deals.FindAsync(command.Id, DataScope.For(actor, Permissions.DealsReadAll), cancellationToken);
        if (deal is null)
        {
            return Error.NotFound("Deal", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(deal.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var stage = await links.FindTargetStageAsync(command.StageId, cancellationToken);
        if (!stage.IsSuccess)
        {
            return stage.Error!;
        }

        if (deal.MoveTo(stage.Value, actor.AsLeadActor(), clock.UtcNowMicroseconds()))
        {
            // The move's events come before those the stage's triggers raise; the triggers do not change the deal.
            var moved = DealDto.From(deal) with
            {
                Client = await summaries.ForAsync(deal.ClientId, cancellationToken),
            };
            DealEvents.RaiseMove(events, stage.Value, moved);
            var triggered = await triggers.RunAsync(deal, stage.Value, cancellationToken);
            if (!triggered.IsSuccess)
            {
                return triggered.Error!;
            }

            return moved;
        }

        return DealDto.From(deal) with
        {
            Client = await summaries.ForAsync(deal.ClientId, cancellationToken),
        };
    }
}
