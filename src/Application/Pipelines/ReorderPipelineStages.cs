namespace MakCrm.Application.Pipelines;

/// <summary>The full new order of the pipeline's working stages; won and lost stay last.</summary>
public sealed record ReorderPipelineStagesCommand(Guid PipelineId, VersionCheck IfMatch, IReadOnlyList<Guid> StageIds)
    : ICommand<PipelineDto>;

internal sealed class ReorderPipelineStagesValidator : AbstractValidator<ReorderPipelineStagesCommand>
{
    public ReorderPipelineStagesValidator()
    {
        RuleFor(c => c.StageIds).NotNull().WithMessage("Must be the list of the working stages' ids.");
    }
}

internal sealed class ReorderPipelineStagesHandler(IPipelineRepository pipelines, TimeProvider clock)
    : ICommandHandler<ReorderPipelineStagesCommand, PipelineDto>
{
    public async Task<Result<PipelineDto>> Handle(
        ReorderPipelineStagesCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await pipelines.LockAsync(command.PipelineId, cancellationToken) is not { } pipeline)
        {
            return PipelineRules.NotFound(command.PipelineId);
        }

        var precondition = command.IfMatch.IfPresent(pipeline.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        return pipeline
            .ReorderStages(command.StageIds, clock.UtcNowMicroseconds())
            .Map(_ => PipelineDto.From(pipeline));
    }
}
