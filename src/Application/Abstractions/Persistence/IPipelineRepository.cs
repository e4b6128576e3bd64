using MakCrm.Application.Pipelines;
using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IPipelineRepository
{
    /// <summary>Every live pipeline in order, tracked and update-locked: changes to the set or its order run one at a
    /// time.</summary>
    Task<List<Pipeline>> LockAllAsync(CancellationToken cancellationToken);

    /// <summary>A live pipeline with its stages, tracked, the pipeline and its stages update-locked: its stages change
    /// one command at a time.</summary>
    Task<Pipeline?> LockAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A live stage, share-locked: it cannot be deleted or changed until the transaction ends (a deal is
    /// moving into it).</summary>
    Task<PipelineStage?> FindStageAsync(Guid stageId, CancellationToken cancellationToken);

    /// <summary>
    /// The first working stage of the pipeline, or without one of the first pipeline that is not archived,
    /// share-locked;
    /// <c>null</c> when there is none.
    /// </summary>
    Task<PipelineStage?> FindFirstStageAsync(Guid? pipelineId, CancellationToken cancellationToken);

    Task<bool> IsArchivedAsync(Guid pipelineId, CancellationToken cancellationToken);

    void Add(Pipeline pipeline);

    Task<IReadOnlyList<PipelineDto>> ListAsync(CancellationToken cancellationToken);

    Task<PipelineDto?> GetAsync(Guid id, CancellationToken cancellationToken);
}
