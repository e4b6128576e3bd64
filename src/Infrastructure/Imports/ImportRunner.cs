using System.Text.Json;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Imports;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Transfer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Runs imports: claims one due operation (<c>FOR UPDATE SKIP LOCKED</c>, so several instances never take the same
/// one), copies its stored file to a temporary file, reads it row by row and commits every
/// <see cref="IImportRowSink.BatchSize"/> rows in one transaction with the operation's counts, the rejected rows and
/// the
/// last committed row number — and a renewed lease, which is the heartbeat. An instance that dies leaves the lease to
/// run out; the next claim resumes after the last committed row, so nothing is created twice.
/// <para>
/// One row never stops an import: a row with a cell PostgreSQL cannot store (a NUL character) is rejected before any
/// sink sees it, and a batch the database refuses for its data is committed again row by row, so that the row at
/// fault is rejected with the database's reason and the others are stored.
/// </para>
/// </summary>
[Singleton]
public sealed partial class ImportRunner(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IOptions<ImportOptions> options,
    TimeProvider clock,
    ILogger<ImportRunner> logger
)
{
    public const string FileInvalid = "import_file_invalid";
    public const string AttemptsExhausted = "import_attempts_exhausted";

    /// <summary>Names this runner in leases: the host, the process and this object.</summary>
    public string WorkerId { get; } =
        $"{Environment.MachineName[..Math.Min(100, Environment.MachineName.Length)]}/"
        + $"{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Claims and runs the next due operation; <c>false</c> when there was none.</summary>
    /// <param name="stopAfterBatches">Stops after this many committed batches without finishing or releasing the claim,
    /// as a crash would (tests).</param>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken, int? stopAfterBatches = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var claimed = await ClaimAsync(connection, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        MakMetrics.LeaseTaken(nameof(ImportWorker));
        try
        {
            await RunClaimedAsync(connection, claimed, stopAfterBatches, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await GiveBackAsync(claimed.Id);
            throw;
        }
        finally
        {
            MakMetrics.LeaseGivenUp(nameof(ImportWorker));
        }

        return true;
    }

    private async Task RunClaimedAsync(
        NpgsqlConnection connection,
        ClaimedImport claimed,
        int? stopAfterBatches,
        CancellationToken cancellationToken
    )
    {
        if (claimed.Attempts > options.Value.MaxAttempts)
        {
            await FinishAsync(
                connection,
                claimed,
                ImportStatus.Failed,
                AttemptsExhausted,
                $"The import was started {options.Value.MaxAttempts} times without finishing.",
                cancellationToken
            );
            return;
        }

        // A sink holds what it learnt from the header, so every run gets its own scope, which acts for the uploader.
        await using var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(claimed.OrganizationId, claimed.UserId, claimed.ClientId, claimed.Roles));
        var sink = scope.ServiceProvider.GetRequiredKeyedService<IImportRowSink>(claimed.Kind);
        try
        {
            await RunAsync(connection, claimed, sink, stopAfterBatches, cancellationToken);
        }
        catch (Exception ex)
            when (ex
                    is InvalidDataException
                        or CsvHelper.CsvFormatException
                        or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException
                        or FileFormatException
                        or System.Xml.XmlException
            )
        {
            LogFileInvalid(logger, claimed.Id, ex);
            await FinishAsync(
                connection,
                claimed,
                ImportStatus.Failed,
                FileInvalid,
                $"The file cannot be read as {TableName(claimed.Format)}: {ex.Message}",
                cancellationToken
            );
        }
    }

    private async Task RunAsync(
        NpgsqlConnection connection,
        ClaimedImport claimed,
        IImportRowSink sink,
        int? stopAfterBatches,
        CancellationToken cancellationToken
    )
    {
        await using var file = await CopyFileAsync(connection, claimed.Id, cancellationToken);
        var batch = new List<ImportRow>(sink.BatchSize);
        string?[]? header = null;
        long number = 0;
        var batches = 0;
        await foreach (var cells in TableReader.ReadAsync(file, claimed.Format, cancellationToken))
        {
            if (header is null)
            {
                header = cells;
                if (Array.FindIndex(header, HasNul) is var column and >= 0)
                {
                    await FinishAsync(
                        connection,
                        claimed,
                        ImportStatus.Failed,
                        FileInvalid,
                        $"The header row has a NUL character (U+0000) in column {column + 1}.",
                        cancellationToken
                    );
                    return;
                }

                if (await sink.StartAsync(connection, claimed, header, cancellationToken) is { } problem)
                {
                    await FinishAsync(
                        connection,
                        claimed,
                        ImportStatus.Failed,
                        FileInvalid,
                        problem,
                        cancellationToken
                    );
                    return;
                }

                await SaveColumnsAsync(connection, claimed.Id, header, cancellationToken);
                continue;
            }

            if (++number <= claimed.LastCommittedRow)
            {
                continue;
            }

            batch.Add(new ImportRow(number, cells));
            if (batch.Count < sink.BatchSize)
            {
                continue;
            }

            if (!await CommitBatchAsync(connection, claimed, sink, header, batch, cancellationToken))
            {
                return;
            }

            batch.Clear();
            if (++batches == stopAfterBatches)
            {
                return;
            }
        }

        if (header is null)
        {
            await FinishAsync(
                connection,
                claimed,
                ImportStatus.Failed,
                FileInvalid,
                "The file has no rows, not even a header.",
                cancellationToken
            );
            return;
        }

        if (batch.Count > 0 && !await CommitBatchAsync(connection, claimed, sink, header, batch, cancellationToken))
        {
            return;
        }

        await FinishAsync(connection, claimed, ImportStatus.Succeeded, null, null, cancellationToken);
    }

    private async Task<ClaimedImport?> ClaimAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = new NpgsqlCommand(ImportStatements.Claim, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.Lease });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ClaimedImport(
            reader.GetGuid(0),
            reader.GetGuid(1),
            await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetGuid(2),
            await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetString(3),
            SnakeCaseNames<ImportKind>.Stored(reader.GetString(4)),
            SnakeCaseNames<ImportFileFormat>.Stored(reader.GetString(5)),
            await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6),
            reader.GetInt64(7),
            reader.GetInt32(8),
            // The uploader's roles now; an API client acts in the role of its organization's kind.
            await reader.IsDBNullAsync(2, cancellationToken)
                ? [Roles.OfOrganization(SnakeCaseNames<OrganizationKind>.Stored(reader.GetString(10)))]
                : await reader.GetFieldValueAsync<string[]>(9, cancellationToken)
        );
    }

    /// <summary>
    /// Gives the lease of a run stopped half-way back, on a connection of its own (the run's may be broken by the
    /// cancellation); a failure leaves the lease to run out, as a crash would.
    /// </summary>
    private async Task GiveBackAsync(Guid id)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand(ImportStatements.GiveBack, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            LogGivenBack(logger, id);
        }
        catch (NpgsqlException ex)
        {
            LogGiveBackFailed(logger, ex, id);
        }
    }

    /// <summary>The stored file, chunk by chunk, into a temporary file that is deleted when closed.</summary>
    private static async Task<FileStream> CopyFileAsync(
        NpgsqlConnection connection,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"mak-import-{id:N}-{Guid.NewGuid():N}"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous
        );
        await using (var command = new NpgsqlCommand(ImportStatements.ReadFile, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(
                System.Data.CommandBehavior.SequentialAccess,
                cancellationToken
            );
            while (await reader.ReadAsync(cancellationToken))
            {
                await using var chunk = await reader.GetStreamAsync(0, cancellationToken);
                await chunk.CopyToAsync(file, cancellationToken);
            }
        }

        file.Position = 0;
        return file;
    }

    private static async Task SaveColumnsAsync(
        NpgsqlConnection connection,
        Guid id,
        string?[] header,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(ImportStatements.SaveColumns, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = header.Select(h => h ?? "").ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The batch, its rejected rows and the progress, in one transaction; <c>false</c> when the lease was lost
    /// meanwhile.
    /// When the database refuses the batch for its data (a value it cannot take, a constraint), no row of it is stored;
    /// it is committed again one row per transaction, and a row refused alone is a rejected row with the reason.
    /// </summary>
    private async Task<bool> CommitBatchAsync(
        NpgsqlConnection connection,
        ClaimedImport claimed,
        IImportRowSink sink,
        IReadOnlyList<string?> header,
        IReadOnlyList<ImportRow> batch,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await CommitAsync(
                connection,
                claimed,
                batch,
                transaction => WriteAsync(connection, transaction, claimed, sink, header, batch, cancellationToken),
                cancellationToken
            );
        }
        catch (Exception ex) when (Refusal(ex) is { } refusal)
        {
            if (batch.Count == 1)
            {
                LogRowRefused(logger, claimed.Id, batch[0].Number, refusal.SqlState);
                var reason = $"row: The database refused the row: {refusal.MessageText} ({refusal.SqlState}).";
                return await CommitAsync(
                    connection,
                    claimed,
                    batch,
                    _ => Task.FromResult(new BatchOutcome(0, 0, [(batch[0], reason)])),
                    cancellationToken
                );
            }

            LogBatchRefused(logger, claimed.Id, batch[0].Number, batch[^1].Number, refusal.SqlState);
            foreach (var row in batch)
            {
                if (!await CommitBatchAsync(connection, claimed, sink, header, [row], cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The batch's rows to the sink, except those with a cell PostgreSQL cannot store, which are rejected
    /// here.</summary>
    private static async Task<BatchOutcome> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ClaimedImport claimed,
        IImportRowSink sink,
        IReadOnlyList<string?> header,
        IReadOnlyList<ImportRow> batch,
        CancellationToken cancellationToken
    )
    {
        var unstorable = new List<(ImportRow, string)>();
        var storable = new List<ImportRow>(batch.Count);
        foreach (var row in batch)
        {
            if (Array.FindIndex(row.Cells, HasNul) is var column and >= 0)
            {
                var name = column < header.Count ? ImportHeader.ColumnName(header[column]) : null;
                unstorable.Add(
                    (
                        row,
                        $"{name ?? $"column {column + 1}"}: Contains a NUL character (U+0000), which cannot be stored."
                    )
                );
            }
            else
            {
                storable.Add(row);
            }
        }

        var outcome =
            storable.Count == 0
                ? new BatchOutcome(0, 0, [])
                : await sink.WriteBatchAsync(connection, transaction, claimed, storable, cancellationToken);
        return unstorable.Count == 0 ? outcome : outcome with { Rejected = [.. unstorable, .. outcome.Rejected] };
    }

    /// <summary>PostgreSQL text cannot hold U+0000; every other character it stores.</summary>
    private static bool HasNul(string? cell) => cell?.Contains('\0', StringComparison.Ordinal) == true;

    /// <summary>
    /// The database's refusal of the data itself — a data exception (class 22: a value too long, out of range, not
    /// storable) or an integrity violation (class 23) — as opposed to a failure worth retrying (a lost connection, a
    /// deadlock).
    /// </summary>
    private static PostgresException? Refusal(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is PostgresException { SqlState: ['2', '2' or '3', ..] } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>One transaction: what <paramref name="write"/> did with the rows, their rejected rows and the
    /// progress.</summary>
    private async Task<bool> CommitAsync(
        NpgsqlConnection connection,
        ClaimedImport claimed,
        IReadOnlyList<ImportRow> batch,
        Func<NpgsqlTransaction, Task<BatchOutcome>> write,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // An import grows its tables far faster than autovacuum re-analyzes them, so a prepared statement's generic
        // plan,
        // made while the table was small, would scan it (the contact lookup took 123 ms a batch instead of 2): plan
        // each
        // statement for its parameters, in this transaction only.
        await using (var customPlans = new NpgsqlCommand(ImportStatements.UseCustomPlans, connection))
        {
            await customPlans.ExecuteNonQueryAsync(cancellationToken);
        }

        var outcome = await write(transaction);
        if (outcome.Rejected.Count > 0)
        {
            await using var rejected = new NpgsqlCommand(ImportStatements.InsertRejectedRows, connection, transaction);
            rejected.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = claimed.Id });
            rejected.Parameters.Add(
                new NpgsqlParameter<long[]> { TypedValue = outcome.Rejected.Select(r => r.Row.Number).ToArray() }
            );
            rejected.Parameters.Add(
                new NpgsqlParameter<string[]>
                {
                    TypedValue = outcome
                        .Rejected.Select(r =>
                            string.Join('\u001f', r.Row.Cells.Select(c => Storable(c ?? "").Replace('\u001f', ' ')))
                        )
                        .ToArray(),
                }
            );
            rejected.Parameters.Add(
                new NpgsqlParameter<string[]>
                {
                    TypedValue = outcome.Rejected.Select(r => Storable(r.Reason)).ToArray(),
                }
            );
            await rejected.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        await using var progress = new NpgsqlCommand(ImportStatements.Progress, connection, transaction);
        progress.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = claimed.Id });
        progress.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
        progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batch.Count });
        progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = outcome.Created });
        progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = outcome.Duplicates });
        progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = outcome.Rejected.Count });
        progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batch[^1].Number });
        progress.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.Lease });
        progress.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        if (await progress.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            // Another instance took the operation over (this one stalled past its lease): its work counts, not ours.
            await transaction.RollbackAsync(cancellationToken);
            LogLeaseLost(logger, claimed.Id);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        MakMetrics.ImportRowsCommitted(
            SnakeCaseNames.Of(claimed.Kind),
            outcome.Created,
            outcome.Duplicates,
            outcome.Rejected.Count
        );
        // A long import is progress, not a stuck worker: each committed batch counts as the worker's success.
        MakMetrics.WorkerSucceeded(nameof(ImportWorker), options.Value.PollInterval, clock);
        return true;
    }

    /// <summary>Ends the operation, drops its stored file and writes the audit event and <c>import.completed</c>,
    /// together.</summary>
    private async Task FinishAsync(
        NpgsqlConnection connection,
        ClaimedImport claimed,
        ImportStatus status,
        string? failureCode,
        string? failureDetail,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var finish = new NpgsqlCommand(ImportStatements.Finish, connection, transaction))
        {
            finish.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = claimed.Id });
            finish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
            finish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(status) });
            finish.Parameters.Add(
                new NpgsqlParameter { Value = (object?)failureCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
            );
            finish.Parameters.Add(
                new NpgsqlParameter { Value = (object?)failureDetail ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
            );
            finish.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await using var reader = await finish.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return;
            }

            var details = JsonSerializer.Serialize(
                new
                {
                    import_id = claimed.Id,
                    kind = SnakeCaseNames.Of(claimed.Kind),
                    status = SnakeCaseNames.Of(status),
                    rows_read = reader.GetInt64(0),
                    created = reader.GetInt64(1),
                    duplicates = reader.GetInt64(2),
                    rejected = reader.GetInt64(3),
                    failure_code = failureCode,
                }
            );
            await reader.CloseAsync();
            await AuditEventInserts.WriteAsync(
                connection,
                [
                    AuditTrail.OfWorker(
                        $"{SnakeCaseNames.Of(claimed.Kind)}.imported",
                        claimed.UserId,
                        claimed.OrganizationId,
                        "import_operation",
                        claimed.Id,
                        details,
                        now
                    ),
                ],
                cancellationToken
            );
        }

        await using (var drop = new NpgsqlCommand(ImportStatements.DropFile, connection, transaction))
        {
            drop.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = claimed.Id });
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await ImportCompletion.RaiseAsync(scopes, dataSource, connection, transaction, claimed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A rejected row keeps its cells as read, a NUL shown as the replacement character, which text can
    /// hold.</summary>
    private static string Storable(string text) => text.Replace('\0', '\uFFFD');

    private static string TableName(ImportFileFormat format) =>
        format == ImportFileFormat.Xlsx ? "an XLSX workbook" : "CSV";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId}: the file cannot be read.")]
    private static partial void LogFileInvalid(ILogger logger, Guid importId, Exception exception);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Import {ImportId}: the database refused rows {FirstRow} to {LastRow} ({SqlState}); they are "
            + "committed one by one."
    )]
    private static partial void LogBatchRefused(
        ILogger logger,
        Guid importId,
        long firstRow,
        long lastRow,
        string sqlState
    );

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Import {ImportId}: the database refused row {Row} ({SqlState}); it is rejected."
    )]
    private static partial void LogRowRefused(ILogger logger, Guid importId, long row, string sqlState);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Import {ImportId}: the lease was lost to another instance; this run stops."
    )]
    private static partial void LogLeaseLost(ILogger logger, Guid importId);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Import {ImportId}: stopped with the instance; its lease is given back for another to resume."
    )]
    private static partial void LogGivenBack(ILogger logger, Guid importId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Import {ImportId}: stopped with the instance; its lease could not be given back and runs out."
    )]
    private static partial void LogGiveBackFailed(ILogger logger, Exception exception, Guid importId);
}
