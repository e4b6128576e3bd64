using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Pipelines;

/// <param name="Order">Where among the working stages (1-based); absent: after the last one, before won and
/// lost.</param>
/// <param name="WinProbability">The chance in percent that a deal in the stage is won; null: unset (see
/// <see cref="Domain.Pipelines.WinProbability"/>).</param>
public sealed record AddPipelineStageCommand(
    Guid PipelineId,
    string Name,
    int? Order,
    IReadOnlyList<StageTrigger> Triggers,
    int? WinProbability = null
) : ICommand<PipelineStageDto>;

internal sealed class AddPipelineStageValidator : AbstractValidator<AddPipelineStageCommand>
{
    public AddPipelineStageValidator()
    {
        RuleFor(c => c.Name).ValidStageName();
        RuleFor(c => c.Order!.Value).ValidOrder().OverridePropertyName("order").When(c => c.Order is not null);
        RuleFor(c => c.WinProbability).ValidWinProbability();
    }
}

internal sealed class AddPipelineStageHandler(
    IPipelineRepository pipelines,
    StageTriggerCheck triggers,
    TimeProvider clock
) : ICommandHandler<AddPipelineStageCommand, PipelineStageDto>
{
    public async Task<Result<PipelineStageDto>> Handle(
        AddPipelineStageCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await pipelines.LockAsync(command.PipelineId, cancellationToken) is not { } pipeline)
        {
            return PipelineRules.NotFound(command.PipelineId);
        }

        var working = pipeline.WorkingStages.Count;
        if (command.Order > working + 1)
        {
            return PipelineRules.OrderOutOfRange(working + 1);
        }

        if (await triggers.CheckAsync(command.Triggers, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var stage = pipeline.AddStage(
            clock.NewId(),
            command.Name,
            command.Triggers,
            command.Order,
            clock.UtcNowMicroseconds(),
            command.WinProbability
        );
        return PipelineStageDto.From(stage);
    }
}
