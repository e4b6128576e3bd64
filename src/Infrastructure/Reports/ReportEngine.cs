using System.Globalization;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Reports;
using MakCrm.Domain.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Reports;

/// <summary>
/// Runs a compiled report on a connection of its own, in a READ ONLY transaction with a local
/// <c>statement_timeout</c>: the rows (one more than the limit, to tell whether there were more) and the totals, both
/// from one snapshot. A cancelled statement (SQLSTATE 57014) is the 422 <c>report_too_expensive</c>. An export streams
/// the same statement's rows in the same kind of transaction (<see cref="StreamAsync"/>), under its own time limit.
/// </summary>
internal sealed class ReportEngine(NpgsqlDataSource dataSource, IOptions<ReportOptions> options, TimeProvider clock)
    : IReportEngine
{
    public async Task<Result<ReportResult>> RunAsync(ReportPlan plan, CancellationToken cancellationToken)
    {
        var sql = ReportSql.Compile(plan);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginAsync(connection, options.Value.StatementTimeout, cancellationToken);
        try
        {
            var rows = await ReadAsync(connection, transaction, sql.Rows, sql, sql.RowCells, cancellationToken);
            var totals = (
                await ReadAsync(connection, transaction, sql.Totals, sql, plan.Measures.Count, cancellationToken)
            ).Single();
            await transaction.CommitAsync(cancellationToken);
            var truncated = rows.Count > plan.Limit;
            var shown = truncated ? rows[..plan.Limit] : rows;
            var clients = plan.ShowsPersonalData
                ? shown.SelectMany(row => (Guid[])row[^1]!).Distinct().ToList()
                : [];
            return new ReportResult(
                plan.Columns,
                plan.ShowsPersonalData ? [.. shown.Select(row => row[..^1])] : shown,
                totals,
                truncated,
                plan.TimeZone,
                clock.UtcNowMicroseconds(),
                clients
            );
        }
        catch (PostgresException e)
            when (e.SqlState == PostgresErrorCodes.QueryCanceled && !cancellationToken.IsCancellationRequested)
        {
            return TooExpensive(options.Value.StatementTimeout);
        }
    }

    public async Task<Result<IReportRowStream>> StreamAsync(ReportPlan plan, CancellationToken cancellationToken)
    {
        var sql = ReportSql.Compile(plan);
        var timeout = options.Value.ExportStatementTimeout;
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        NpgsqlCommand? command = null;
        NpgsqlDataReader? reader = null;
        try
        {
            transaction = await BeginAsync(connection, timeout, cancellationToken);
            command = Command(connection, transaction, sql.Rows, sql);
            reader = await command.ExecuteReaderAsync(cancellationToken);
            var first = await reader.ReadAsync(cancellationToken);
            return new ReportRowStream(
                connection,
                transaction,
                command,
                reader,
                first,
                plan.Limit,
                sql.RowCells,
                timeout
            );
        }
        catch (Exception e)
        {
            await ReportRowStream.CloseAsync(connection, transaction, command, reader);
            if (
                e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
                && !cancellationToken.IsCancellationRequested
            )
            {
                return TooExpensive(timeout);
            }

            throw;
        }
    }

    /// <summary>A repeatable-read, read-only transaction whose statements are cancelled after
    /// <paramref name="timeout"/>.</summary>
    private static async Task<NpgsqlTransaction> BeginAsync(
        NpgsqlConnection connection,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        var transaction = await connection.BeginTransactionAsync(
            System.Data.IsolationLevel.RepeatableRead,
            cancellationToken
        );

        // The timeout is configuration, an integer of milliseconds: no text of the request.
        var milliseconds = Math.Max(1, (long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await using var setup = new NpgsqlCommand(
            $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {milliseconds}",
            connection,
            transaction
        );
        await setup.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    internal static Error TooExpensive(TimeSpan timeout) =>
        new(
            ErrorCodes.ReportTooExpensive,
            $"The report did not finish within {timeout.TotalSeconds:0.###} s. Narrow it: a shorter period (a filter "
                + $"on a date), "
                + "fewer or coarser dimensions (a month rather than a day), or a filter on an organization or a "
                + "status.",
            ErrorKind.Unprocessable
        );

    private static NpgsqlCommand Command(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string text,
        ReportSql sql
    )
    {
        var command = new NpgsqlCommand(text, connection, transaction);
        foreach (var parameter in sql.Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }

    private static async Task<List<object?[]>> ReadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string text,
        ReportSql sql,
        int columns,
        CancellationToken cancellationToken
    )
    {
        await using var command = Command(connection, transaction, text, sql);
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(await RowAsync(reader, columns, cancellationToken));
        }

        return rows;
    }

    /// <summary>The current row's cells, in column order.</summary>
    internal static async Task<object?[]> RowAsync(
        NpgsqlDataReader reader,
        int columns,
        CancellationToken cancellationToken
    )
    {
        var row = new object?[columns];
        for (var i = 0; i < columns; i++)
        {
            row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : Cell(reader.GetValue(i));
        }

        return row;
    }

    private static object Cell(object value) =>
        value switch
        {
            DateTime { Kind: DateTimeKind.Utc } at => new DateTimeOffset(at, TimeSpan.Zero),
            DateTime day => DateOnly.FromDateTime(day),
            DateOnly day => day,
            int integer => (long)integer,
            _ => value,
        };
}
