namespace MakCrm.Application.Pipelines;

/// <summary>Deletes a pipeline that has no live deals, with its stages; the others close the gap in the
/// order.</summary>
public sealed record DeletePipelineCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DeletePipelineHandler(IPipelineRepository pipelines, IDealRepository deals, TimeProvider clock)
    : ICommandHandler<DeletePipelineCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeletePipelineCommand command, CancellationToken cancellationToken)
    {
        var ordered = await pipelines.LockAllAsync(cancellationToken);

        // The stages' update locks wait for commands that share-locked a stage to put a deal in it, so the count is
        // final.
        if (await pipelines.LockAsync(command.Id, cancellationToken) is not { } pipeline)
        {
            return PipelineRules.NotFound(command.Id);
        }

        var precondition = command.IfMatch.IfPresent(pipeline.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        var inUse = await deals.CountInPipelineAsync(pipeline.Id, cancellationToken);
        if (inUse > 0)
        {
            return new Error(
                ErrorCodes.PipelineHasDeals,
                $"{inUse} deal(s) are in this pipeline; move or delete them first.",
                ErrorKind.Conflict
            );
        }

        var now = clock.UtcNowMicroseconds();
        pipeline.Delete(now);
        PipelineRules.Renumber(ordered.Where(p => p.Id != pipeline.Id).ToList(), now);
        return Unit.Value;
    }
}
