using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Pipelines;

public sealed record PipelineStageDto(
    Guid Id,
    Guid PipelineId,
    string Name,
    int Order,
    StageKind Kind,
    IReadOnlyList<StageTrigger> Triggers,
    int Version,
    int? WinProbability = null
) : Contracts.IVersioned, INamesUsers
{
    /// <summary>The triggers' fixed recipients with their names, by id; filled by the pipeline
    /// (<see cref="INamesUsers"/>).</summary>
    public IReadOnlyDictionary<Guid, Contracts.UserRef> TriggerUsers { get; init; } =
        new Dictionary<Guid, Contracts.UserRef>();

    public IEnumerable<Guid?> UserIds() => Triggers.Select(t => t.UserId);

    public object WithNames(UserNames names) =>
        this with
        {
            TriggerUsers = Triggers.Select(t => t.UserId).OfType<Guid>().Distinct().ToDictionary(id => id, names.Of),
        };

    public static PipelineStageDto From(PipelineStage stage) =>
        new(
            stage.Id,
            stage.PipelineId,
            stage.Name,
            stage.Position,
            stage.Kind,
            stage.Triggers,
            stage.Version,
            stage.WinProbability
        );
}

public sealed record PipelineDto(
    Guid Id,
    string Name,
    int Order,
    bool Archived,
    IReadOnlyList<PipelineStageDto> Stages,
    int Version
) : Contracts.IVersioned, INamesUsers
{
    public IEnumerable<Guid?> UserIds() => Stages.SelectMany(s => s.UserIds());

    public object WithNames(UserNames names) =>
        this with
        {
            Stages = Stages.Select(s => (PipelineStageDto)s.WithNames(names)).ToList(),
        };

    public static PipelineDto From(Pipeline pipeline) =>
        new(
            pipeline.Id,
            pipeline.Name,
            pipeline.Position,
            pipeline.IsArchived,
            pipeline.Stages.Select(PipelineStageDto.From).ToList(),
            pipeline.Version
        );
}
