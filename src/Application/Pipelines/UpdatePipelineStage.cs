using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Pipelines;

/// <summary>
/// A merge patch of a stage: its name and its win probability (working stages only; null clears the probability) and
/// its triggers (replaced as a whole).
/// </summary>
public sealed record UpdatePipelineStageCommand(
    Guid PipelineId,
    Guid StageId,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<IReadOnlyList<StageTrigger>> Triggers,
    Patch<int?> WinProbability = default
) : ICommand<PipelineStageDto>;

internal sealed class UpdatePipelineStageValidator : AbstractValidator<UpdatePipelineStageCommand>
{
    public UpdatePipelineStageValidator()
    {
        When(c => c.Name.IsPresent, () => RuleFor(c => c.Name.Value).ValidStageName().OverridePropertyName("name"));
        When(
            c => c.WinProbability.IsPresent,
            () => RuleFor(c => c.WinProbability.Value).ValidWinProbability().OverridePropertyName("winProbability")
        );
    }
}

internal sealed class UpdatePipelineStageHandler(
    IPipelineRepository pipelines,
    StageTriggerCheck triggers,
    TimeProvider clock
) : ICommandHandler<UpdatePipelineStageCommand, PipelineStageDto>
{
    public async Task<Result<PipelineStageDto>> Handle(
        UpdatePipelineStageCommand command,
        CancellationToken cancellationToken
    )
    {
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
            return precondition.Error!;
        }

        if (
            command.Triggers.IsPresent
            && await triggers.CheckAsync(command.Triggers.Value, cancellationToken) is { } invalid
        )
        {
            return invalid;
        }

        var changed = pipeline.ChangeStage(
            stage,
            command.Name.Or(stage.Name),
            command.Triggers.Or(stage.Triggers),
            command.WinProbability.Or(stage.WinProbability),
            clock.UtcNowMicroseconds()
        );
        return changed.Map(_ => PipelineStageDto.From(stage));
    }
}
