using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// A sink whose rows each become one entity linked to records of the uploader's organization (tasks, notes): the
/// header read once, each row judged and linked by <see cref="BuildAsync"/>, then added and saved in the runner's
/// transaction (<see cref="ImportDbContext"/>). A row that cannot be built is rejected with its reason. Nothing is
/// announced per row: the import announces its rows in one <c>import.completed</c>.
/// </summary>
internal abstract class LinkedRowSink<TReader>(
    MakCrmDbContext db,
    ImportDbContext context,
    IOptions<ImportOptions> options
) : IImportRowSink
    where TReader : class
{
    private TReader? _reader;

    public int BatchSize => options.Value.LeadBatchSize;

    public Task<string?> StartAsync(
        NpgsqlConnection connection,
        ClaimedImport import,
        IReadOnlyList<string?> header,
        CancellationToken cancellationToken
    )
    {
        context.Borrow(connection);
        var (reader, problem) = ReadHeader(header);
        _reader = reader;
        return Task.FromResult(problem);
    }

    public Task<BatchOutcome> WriteBatchAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ClaimedImport import,
        IReadOnlyList<ImportRow> rows,
        CancellationToken cancellationToken
    )
    {
        var reader = _reader ?? throw new InvalidOperationException("StartAsync first.");
        return context.InTransactionAsync(transaction, Write, cancellationToken);

        async Task<BatchOutcome> Write()
        {
            var created = 0;
            var rejected = new List<(ImportRow, string)>();
            foreach (var row in rows)
            {
                var (entity, reason) = await BuildAsync(reader, import, row.Cells, cancellationToken);
                if (entity is null)
                {
                    rejected.Add((row, reason!));
                    continue;
                }

                db.Add(entity);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                created++;
            }

            return new BatchOutcome(created, 0, rejected);
        }
    }

    /// <summary>The reader for a file with this header, or why the file cannot be imported.</summary>
    protected abstract (TReader? Reader, string? Problem) ReadHeader(IReadOnlyList<string?> header);

    /// <summary>The row's entity, or the reason it is rejected.</summary>
    protected abstract Task<(object? Entity, string? Reason)> BuildAsync(
        TReader reader,
        ClaimedImport import,
        IReadOnlyList<string?> cells,
        CancellationToken cancellationToken
    );
}
