using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads.Intake;
using MakCrm.Application.Transfer;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Lead rows: judged by <see cref="LeadImportRows"/> (the API's field rules), then handed to the lead intake, exactly
/// as <c>POST /leads</c> and <c>POST /lead-submissions</c> do: the same client resolution, status and
/// source checks, duplicate control and notifications, acting for the uploader. A lead linked to an open original
/// counts under <c>duplicates</c>; a refusal (an unknown client, status or source; a duplicate from a source with the
/// reject policy) rejects the row with its reason and adds nothing. A row whose <c>id</c> is already a live lead of the
/// organization — a re-imported export — is that lead: it counts under <c>duplicates</c> and nothing changes.
/// <para>
/// The scope's DbContext works in the runner's transaction (<see cref="ImportDbContext"/>), so the batch's leads,
/// clients, history entries, notifications and audit events commit with the import's progress or not at all. A batch's
/// rows go through the intake together (<see cref="ILeadIntake.SubmitAllAsync"/>: each row sees the leads and clients
/// of the rows before it) and are saved at once.
/// </para>
/// </summary>
internal sealed class LeadImportSink(
    MakCrmDbContext db,
    ImportDbContext context,
    ILeadIntake intake,
    CustomFieldAccess customFields,
    IOptions<ImportOptions> options
) : IImportRowSink
{
    private LeadImportRows? _rows;

    public int BatchSize => options.Value.LeadBatchSize;

    public async Task<string?> StartAsync(
        NpgsqlConnection connection,
        ClaimedImport import,
        IReadOnlyList<string?> header,
        CancellationToken cancellationToken
    )
    {
        context.Borrow(connection);
        var fields = await customFields.SchemaAsync([CustomFieldEntity.Lead], cancellationToken);
        var (rows, problem) = LeadImportRows.ForHeader(header, fields, import.DefaultSource);
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
            var existing = await ExistingLeadsAsync(
                import.OrganizationId,
                rows.Select(r => judge.LeadId(r.Cells)),
                cancellationToken
            );
            var (created, duplicates) = (0, 0);
            var rejected = new List<(ImportRow, string)>();
            var submitted = new List<(ImportRow Row, LeadSubmission Submission)>();
            foreach (var row in rows)
            {
                if (judge.LeadId(row.Cells) is { } id && existing.Contains(id))
                {
                    duplicates++;
                    continue;
                }

                var judged = judge.Judge(row.Cells);
                if (judged.Submission is null)
                {
                    rejected.Add((row, judged.Reason!));
                    continue;
                }

                submitted.Add((row, judged.Submission));
            }

            var outcomes = await intake.SubmitAllAsync([.. submitted.Select(s => s.Submission)], cancellationToken);
            for (var i = 0; i < submitted.Count; i++)
            {
                if (!outcomes[i].IsSuccess)
                {
                    rejected.Add((submitted[i].Row, ImportCells.Reason(outcomes[i].Error!)));
                }
                else if (outcomes[i].Value.Duplicate is null)
                {
                    created++;
                }
                else
                {
                    duplicates++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new BatchOutcome(created, duplicates, rejected);
        }
    }

    private async Task<HashSet<Guid>> ExistingLeadsAsync(
        Guid organizationId,
        IEnumerable<Guid?> rowIds,
        CancellationToken cancellationToken
    )
    {
        var ids = rowIds.OfType<Guid>().Distinct().ToList();
        return ids.Count == 0
            ? []
            : (
                await db.Set<Lead>()
                    .AsNoTracking()
                    .Where(l => l.OrganizationId == organizationId && ids.Contains(l.Id))
                    .Select(l => l.Id)
                    .ToListAsync(cancellationToken)
            ).ToHashSet();
    }
}
