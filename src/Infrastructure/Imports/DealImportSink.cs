using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Pipelines;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Deal rows brought over from another CRM: judged by <see cref="DealImportRows"/> (the field rules of
/// <c>POST /deals</c>), then linked to what they name, all within the uploader's organization: the client and the
/// responsible user as every import finds them (<see cref="ImportLinks"/>); the lead by id (it must be that client's);
/// the stage by id or by name (within the named pipeline when the row gives one; a name two pipelines share needs the
/// pipeline). Anything not found rejects the row with its reason. The deal keeps the file's
/// <c>createdAt</c> and <c>closedAt</c>; the stage's triggers do not run and no per-deal event is sent, since the
/// history already happened: the import announces its rows in one <c>import.completed</c>. A row whose <c>id</c> is
/// already a deal of the organization counts under <c>duplicates</c>. Each batch commits in the runner's transaction
/// (<see cref="ImportDbContext"/>).
/// </summary>
internal sealed class DealImportSink(
    MakCrmDbContext db,
    ImportDbContext context,
    ImportLinks links,
    CustomFieldAccess customFields,
    IOptions<ImportOptions> options,
    TimeProvider clock
) : IImportRowSink
{
    private DealImportRows? _rows;

    public int BatchSize => options.Value.LeadBatchSize;

    public async Task<string?> StartAsync(
        NpgsqlConnection connection,
        ClaimedImport import,
        IReadOnlyList<string?> header,
        CancellationToken cancellationToken
    )
    {
        context.Borrow(connection);
        var fields = await customFields.SchemaAsync([CustomFieldEntity.Deal], cancellationToken);
        var (rows, problem) = DealImportRows.ForHeader(header, fields);
        _rows = rows;
        return problem;
    }

    public async Task<BatchOutcome> WriteBatchAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ClaimedImport import,
        IReadOnlyList<ImportRow> rows,
        CancellationToken cancellationToken
    )
    {
        var judge = _rows ?? throw new InvalidOperationException("StartAsync first.");
        return await context.InTransactionAsync(transaction, Write, cancellationToken);

        async Task<BatchOutcome> Write()
        {
            var stages = await StagesAsync(cancellationToken);
            var ids = rows.Select(r => judge.DealId(r.Cells)).OfType<Guid>().Distinct().ToList();
            var existing =
                ids.Count == 0
                    ? []
                    : (
                        await db.Set<Deal>()
                            .AsNoTracking()
                            .Where(d => d.OrganizationId == import.OrganizationId && ids.Contains(d.Id))
                            .Select(d => d.Id)
                            .ToListAsync(cancellationToken)
                    ).ToHashSet();
            var created = 0;
            var duplicates = 0;
            var rejected = new List<(ImportRow, string)>();
            foreach (var row in rows)
            {
                if (judge.DealId(row.Cells) is { } id && existing.Contains(id))
                {
                    duplicates++;
                    continue;
                }

                var judged = judge.Judge(row.Cells);
                var deal = judged.Row is null
                    ? Result<Deal>.Fail(judged.Reason!)
                    : await LinkAsync(import, judged.Row, stages, cancellationToken);
                if (deal.Value is null)
                {
                    rejected.Add((row, deal.Reason!));
                    continue;
                }

                db.Set<Deal>().Add(deal.Value);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                created++;
            }

            return new BatchOutcome(created, duplicates, rejected);
        }
    }

    private async Task<Result<Deal>> LinkAsync(
        ClaimedImport import,
        DealImportRow row,
        IReadOnlyList<(PipelineStage Stage, string Pipeline)> stages,
        CancellationToken cancellationToken
    )
    {
        var organization = import.OrganizationId;
        var client = await links.ClientAsync(organization, row.Client, cancellationToken);
        if (client.Id is not { } clientId)
        {
            return Result<Deal>.Fail(client.Reason!);
        }

        if (
            row.Details.LeadId is { } leadId
            && !await db.Set<Lead>()
                .AnyAsync(
                    l => l.Id == leadId && l.OrganizationId == organization && l.ClientId == clientId,
                    cancellationToken
                )
        )
        {
            return Result<Deal>.Fail($"leadId: The client has no lead {leadId} in the organization.");
        }

        var stage = FindStage(stages, row.Pipeline, row.Stage);
        if (stage.Value is null)
        {
            return Result<Deal>.Fail(stage.Reason!);
        }

        Guid? responsible = null;
        if (row.ResponsibleEmail is { } responsibleEmail)
        {
            var user = await links.UserAsync(
                organization,
                responsibleEmail,
                DealColumns.ResponsibleEmail,
                cancellationToken
            );
            if (user.Id is null)
            {
                return Result<Deal>.Fail(user.Reason!);
            }

            responsible = user.Id;
        }

        var now = clock.UtcNowMicroseconds();
        var createdAt = row.CreatedAt ?? now;
        if (createdAt > now || row.ClosedAt > now)
        {
            return Result<Deal>.Fail("createdAt: The deal's dates must not be in the future.");
        }

        var deal = Deal.Import(
            clock.NewId(),
            organization,
            clientId,
            row.Details with
            {
                ResponsibleUserId = responsible,
            },
            stage.Value,
            new LeadActor(import.UserId, import.ClientId),
            createdAt,
            row.ClosedAt
        );
        deal.SetCustomFields(row.CustomFields, deal.UpdatedAt);
        return Result<Deal>.Ok(deal);
    }

    private static Result<PipelineStage> FindStage(
        IReadOnlyList<(PipelineStage Stage, string Pipeline)> stages,
        string? pipeline,
        string stage
    )
    {
        var inPipeline = pipeline is null
            ? stages
            : stages
                .Where(s =>
                    s.Stage.PipelineId.ToString() == pipeline.ToLowerInvariant()
                    || string.Equals(s.Pipeline, pipeline, StringComparison.OrdinalIgnoreCase)
                )
                .ToList();
        if (inPipeline.Count == 0)
        {
            return Result<PipelineStage>.Fail($"pipeline: There is no active pipeline {pipeline}.");
        }

        var matching = inPipeline
            .Where(s =>
                s.Stage.Id.ToString() == stage.ToLowerInvariant()
                || string.Equals(s.Stage.Name, stage, StringComparison.OrdinalIgnoreCase)
            )
            .ToList();
        return matching.Count switch
        {
            1 => Result<PipelineStage>.Ok(matching[0].Stage),
            0 => Result<PipelineStage>.Fail(
                $"stage: There is no stage {stage}"
                    + (pipeline is null ? " in an active pipeline." : $" in the pipeline {pipeline}.")
                    + " GET /api/v1/pipelines lists them."
            ),
            _ => Result<PipelineStage>.Fail(
                $"stage: Several pipelines have a stage {stage}; name the pipeline in the pipeline column."
            ),
        };
    }

    /// <summary>The live stages of the active pipelines, share-locked so they stay until the batch commits.</summary>
    private async Task<IReadOnlyList<(PipelineStage Stage, string Pipeline)>> StagesAsync(
        CancellationToken cancellationToken
    )
    {
        var stages = await db.Set<PipelineStage>()
            .FromSql(
                $"""
                SELECT s.* FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id
                WHERE s.deleted_at IS NULL AND p.deleted_at IS NULL AND NOT p.is_archived FOR SHARE OF s
                """
            )
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var names = await db.Set<Pipeline>()
            .AsNoTracking()
            .Select(p => new { p.Id, p.Name })
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return stages.Select(s => (s, names.GetValueOrDefault(s.PipelineId, ""))).ToList();
    }

    /// <summary>A value, or the reason (in the rejected-rows file's spelling) why there is none.</summary>
    private readonly record struct Result<T>(T? Value, string? Reason)
        where T : class
    {
        public static Result<T> Ok(T value) => new(value, null);

        public static Result<T> Fail(string reason) => new(null, reason);
    }
}
