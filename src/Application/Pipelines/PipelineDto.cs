using MakCrm.Application.Common;
using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Pipelines;

public sealed record PipelineStageDto(
    Guid Id,
    Guid PipelineId,
    string Name,
    int Order,
    StageKind Kind,
    IReadOnlyList<StageTrigger> Triggers,
    int Version) : IVersioned
{
    public static PipelineStageDto From(PipelineStage stage) =>
        new(stage.Id, stage.PipelineId, stage.Name, stage.Position, stage.Kind, stage.Triggers, stage.Version);
}

public sealed record PipelineDto(
    Guid Id,
    string Name,
    int Order,
    bool Archived,
    IReadOnlyList<PipelineStageDto> Stages,
    int Version) : IVersioned
{
    public static PipelineDto From(Pipeline pipeline) =>
        new(pipeline.Id, pipeline.Name, pipeline.Position, pipeline.IsArchived, pipeline.Stages.Select(PipelineStageDto.From).ToList(), pipeline.Version);
}
