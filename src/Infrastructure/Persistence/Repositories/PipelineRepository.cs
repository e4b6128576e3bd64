using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Pipelines;
using MakCrm.Domain.Pipelines;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class PipelineRepository(MakCrmDbContext db) : IPipelineRepository
{
    private static readonly string FirstStageSql = $$"""
        SELECT s.* FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id
        WHERE s.kind = {{EnumLiterals.Of(StageKind.Working)}} AND s.deleted_at IS NULL AND p.deleted_at IS NULL
          AND NOT p.is_archived
          AND ({0}::uuid IS NULL OR p.id = {1}::uuid)
        ORDER BY p.position, s.position LIMIT 1 FOR SHARE OF s
        """;

    public Task<List<Pipeline>> LockAllAsync(CancellationToken cancellationToken) =>
        db.Set<Pipeline>()
            .FromSql($"SELECT * FROM pipelines WHERE deleted_at IS NULL ORDER BY position FOR UPDATE")
            .OrderBy(p => p.Position)
            .ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);

    public async Task<Pipeline?> LockAsync(Guid id, CancellationToken cancellationToken)
    {
        var pipeline = await db.Set<Pipeline>()
            .FromSql($"SELECT * FROM pipelines WHERE id = {id} AND deleted_at IS NULL FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
        if (pipeline is not null)
        {
            // Tracked, the stages fill the pipeline's collection.
            await db.Set<PipelineStage>()
                .FromSql($"SELECT * FROM pipeline_stages WHERE pipeline_id = {id} AND deleted_at IS NULL FOR UPDATE")
                .ToListAsync(cancellationToken);
        }

        return pipeline;
    }

    public Task<PipelineStage?> FindStageAsync(Guid stageId, CancellationToken cancellationToken) =>
        db.Set<PipelineStage>()
            .FromSql($"SELECT * FROM pipeline_stages WHERE id = {stageId} AND deleted_at IS NULL FOR SHARE")
            .FirstOrDefaultAsync(cancellationToken);

    public Task<PipelineStage?> FindFirstStageAsync(Guid? pipelineId, CancellationToken cancellationToken) =>
        db.Set<PipelineStage>()
            .FromSqlRaw(FirstStageSql, pipelineId, pipelineId)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<bool> IsArchivedAsync(Guid pipelineId, CancellationToken cancellationToken) =>
        db.Set<Pipeline>().AnyAsync(p => p.Id == pipelineId && p.IsArchived, cancellationToken);

    public void Add(Pipeline pipeline) => db.Set<Pipeline>().Add(pipeline);

    public async Task<IReadOnlyList<PipelineDto>> ListAsync(CancellationToken cancellationToken) =>
        await ReadAsync(null, cancellationToken);

    public async Task<PipelineDto?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ReadAsync(id, cancellationToken)).FirstOrDefault();

    private async Task<List<PipelineDto>> ReadAsync(Guid? id, CancellationToken cancellationToken)
    {
        var pipelines = await db.Set<Pipeline>()
            .AsNoTracking()
            .Where(p => id == null || p.Id == id)
            .OrderBy(p => p.Position)
            .ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
        var ids = pipelines.Select(p => p.Id).ToList();
        var stages = (
            await db.Set<PipelineStage>()
                .AsNoTracking()
                .Where(s => ids.Contains(s.PipelineId))
                .OrderBy(s => s.Position)
                .ToListAsync(cancellationToken)
        ).ToLookup(s => s.PipelineId);
        return pipelines
            .Select(p => new PipelineDto(
                p.Id,
                p.Name,
                p.Position,
                p.IsArchived,
                stages[p.Id].Select(PipelineStageDto.From).ToList(),
                p.Version
            ))
            .ToList();
    }
}
