using System.Runtime.CompilerServices;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using Npgsql;

namespace MakCrm.Infrastructure.Reports;

/// <summary>
/// A report's rows read from an open data reader one at a time, as the caller consumes them: nothing holds more than
/// the current row. It owns its connection, read-only transaction, command and reader, and closes them when read to
/// the end, when reading stops (an error, a cancelled request) or when disposed, whichever comes first.
/// </summary>
internal sealed class ReportRowStream(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    NpgsqlCommand command,
    NpgsqlDataReader reader,
    bool hasFirstRow,
    int limit,
    int columns,
    TimeSpan timeout
) : IReportRowStream
{
    private int _started;
    private int _closed;
    private bool _readToLimit;

    public async IAsyncEnumerable<object?[]> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A report's rows are read once.");
        }

        try
        {
            // The statement asks for one row more than the limit (the JSON answer's truncation check); an export stops
            // at the limit.
            var hasRow = hasFirstRow;
            for (var count = 0; hasRow && count < limit; count++)
            {
                yield return await ReportEngine.RowAsync(reader, columns, cancellationToken);
                hasRow = await NextAsync(cancellationToken);
            }

            _readToLimit = true;
        }
        finally
        {
            await DisposeAsync();
        }
    }

    /// <summary>
    /// The next row; the statement timeout striking between rows is the report's 422, answered as a problem when the
    /// response has not started yet (an XLSX file is complete before its first byte is sent).
    /// </summary>
    private async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken);
        }
        catch (PostgresException e)
            when (e.SqlState == PostgresErrorCodes.QueryCanceled && !cancellationToken.IsCancellationRequested)
        {
            throw new FailedResultException(ReportEngine.TooExpensive(timeout));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            // Stopped early (the client went away, a write failed): cancel the statement rather than let closing the
            // reader read the rows nobody will take.
            if (!_readToLimit)
            {
                command.Cancel();
            }

            await CloseAsync(connection, transaction, command, reader);
        }
    }

    /// <summary>Closes what a stream holds; the transaction only read, so it is rolled back with the
    /// connection.</summary>
    internal static async Task CloseAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        NpgsqlCommand? command,
        NpgsqlDataReader? reader
    )
    {
        try
        {
            if (reader is not null)
            {
                try
                {
                    await reader.DisposeAsync();
                }
                catch (NpgsqlException)
                {
                    // The statement was cancelled or the connection broke: nothing is left to read.
                }
            }

            if (command is not null)
            {
                await command.DisposeAsync();
            }

            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
