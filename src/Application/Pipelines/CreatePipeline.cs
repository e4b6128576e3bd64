using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Pipelines;

/// <param name="Order">Where among the pipelines (1-based); the ones from there on move one down. Absent: last.</param>
/// <param name="Stages">The names of the working stages to start with; won and lost are always added.</param>
public sealed record CreatePipelineCommand(string Name, int? Order, IReadOnlyList<string> Stages)
    : ICommand<PipelineDto>;

internal sealed class CreatePipelineValidator : AbstractValidator<CreatePipelineCommand>
{
    public CreatePipelineValidator()
    {
        RuleFor(c => c.Name).ValidPipelineName();
        RuleFor(c => c.Order!.Value).ValidOrder().OverridePropertyName("order").When(c => c.Order is not null);
        RuleFor(c => c.Stages)
            .NotNull()
            .Must(s => s is null || s.Count <= 50)
            .WithMessage("Must name at most 50 stages.");
        RuleForEach(c => c.Stages).ValidStageName();
    }
}

internal sealed class CreatePipelineHandler(IPipelineRepository pipelines, TimeProvider clock)
    : ICommandHandler<CreatePipelineCommand, PipelineDto>
{
    public async Task<Result<PipelineDto>> Handle(CreatePipelineCommand command, CancellationToken cancellationToken)
    {
        var ordered = await pipelines.LockAllAsync(cancellationToken);
        var position = command.Order ?? ordered.Count + 1;
        if (position > ordered.Count + 1)
        {
            return PipelineRules.OrderOutOfRange(ordered.Count + 1);
        }

        var now = clock.UtcNowMicroseconds();
        var pipeline = Pipeline.Create(clock.NewId(), command.Name, position, command.Stages, clock.NewId, now);
        pipelines.Add(pipeline);
        PipelineRules.Arrange(ordered, pipeline, position, now);
        return PipelineDto.From(pipeline);
    }
}
