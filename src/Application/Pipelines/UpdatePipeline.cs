namespace MakCrm.Application.Pipelines;

/// <summary>A merge patch of a pipeline. A new order moves the other pipelines to keep 1..n.</summary>
public sealed record UpdatePipelineCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<int> Order,
    Patch<bool> Archived
) : ICommand<PipelineDto>;

internal sealed class UpdatePipelineValidator : AbstractValidator<UpdatePipelineCommand>
{
    public UpdatePipelineValidator()
    {
        When(c => c.Name.IsPresent, () => RuleFor(c => c.Name.Value).ValidPipelineName().OverridePropertyName("name"));
        When(c => c.Order.IsPresent, () => RuleFor(c => c.Order.Value).ValidOrder().OverridePropertyName("order"));
    }
}

internal sealed class UpdatePipelineHandler(IPipelineRepository pipelines, TimeProvider clock)
    : ICommandHandler<UpdatePipelineCommand, PipelineDto>
{
    public async Task<Result<PipelineDto>> Handle(UpdatePipelineCommand command, CancellationToken cancellationToken)
    {
        var ordered = await pipelines.LockAllAsync(cancellationToken);
        if (ordered.Find(p => p.Id == command.Id) is not { } pipeline)
        {
            return PipelineRules.NotFound(command.Id);
        }

        var precondition = command.IfMatch.IfPresent(pipeline.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        if (command.Order.IsPresent && command.Order.Value > ordered.Count)
        {
            return PipelineRules.OrderOutOfRange(ordered.Count);
        }

        var now = clock.UtcNowMicroseconds();
        pipeline.Update(command.Name.Or(pipeline.Name), command.Archived.Or(pipeline.IsArchived), now);
        if (command.Order.IsPresent)
        {
            PipelineRules.Arrange(ordered, pipeline, command.Order.Value, now);
        }

        return PipelineDto.From(pipeline);
    }
}
