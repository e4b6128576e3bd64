using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Deals;
using MakCrm.Application.Leads;

namespace MakCrm.Application.Pipelines;

/// <summary>
/// Deletes a working stage. Its live deals (of every organization) move to <see cref="MoveDealsTo"/>, another stage of
/// the same pipeline, in the same transaction, each move written to the deal's stage history; stage triggers do not
/// run for this administrative move.
/// </summary>
public sealed record DeletePipelineStageCommand(Guid PipelineId, Guid StageId, Guid? MoveDealsTo, VersionCheck IfMatch)
    : ICommand<Unit>;

internal sealed class DeletePipelineStageHandler(
    IPipelineRepository pipelines,
    IDealRepository deals,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DeletePipelineStageCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeletePipelineStageCommand command, CancellationToken cancellationToken)
    {
        // The stages' update locks wait for commands that share-locked this stage to put a deal in it, so the list is
        // final.
        if (await pipelines.LockAsync(command.PipelineId, cancellationToken) is not { } pipeline)
        {
            return PipelineRules.NotFound(command.PipelineId);
        }

        if (pipeline.FindStage(command.StageId) is not { } stage)
        {
            return PipelineRules.StageNotFound(command.StageId);
        }

        var precondition = command.IfMatch.IfPresent(stage.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        var now = clock.UtcNowMicroseconds();
        var removed = pipeline.RemoveStage(stage, now);
        if (!removed.IsSuccess)
        {
            return removed;
        }

        var moving = await deals.InStageAsync(stage.Id, cancellationToken);
        if (moving.Count == 0)
        {
            return Unit.Value;
        }

        if (command.MoveDealsTo is not { } targetId)
        {
            return new Error(
                ErrorCodes.StageHasDeals,
                $"{moving.Count} deal(s) are in this stage; name the stage they move to in moveDealsTo.",
                ErrorKind.Conflict
            );
        }

        if (targetId == stage.Id || pipeline.FindStage(targetId) is not { } target)
        {
            return Error.Validation("moveDealsTo", "Must be another stage of the same pipeline.");
        }

        foreach (var deal in moving)
        {
            deal.MoveTo(target, actor.AsLeadActor(), now);
            DealEvents.RaiseMove(
                events,
                target,
                DealDto.From(deal) with
                {
                    Client = await summaries.ForAsync(deal.ClientId, cancellationToken),
                }
            );
        }

        return Unit.Value;
    }
}
