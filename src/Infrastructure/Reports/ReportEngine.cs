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
/// from one snapshot. A cancelled statement (SQLSTATE 57014) is the 422 <c>report_too_expensive</c>.
/// </summary>
internal sealed class ReportEngine(NpgsqlDataSource dataSource, IOptions<ReportOptions> options, TimeProvider clock) : IReportEngine
{
    public async Task<Result<ReportResult>> RunAsync(ReportPlan plan, CancellationToken cancellationToken)
    {
        var sql = ReportSql.Compile(plan);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        try
        {
            // The timeout is configuration, an integer of milliseconds: no text of the request.
            var timeout = Math.Max(1, (long)options.Value.StatementTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            await using (var setup = new NpgsqlCommand($"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {timeout}", connection, transaction))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            var rows = await ReadAsync(connection, transaction, sql.Rows, sql, plan.Dimensions.Count + plan.Measures.Count, cancellationToken);
            var totals = (await ReadAsync(connection, transaction, sql.Totals, sql, plan.Measures.Count, cancellationToken)).Single();
            await transaction.CommitAsync(cancellationToken);
            var truncated = rows.Count > plan.Limit;
            return new ReportResult(plan.Columns, truncated ? rows[..plan.Limit] : rows, totals, truncated, plan.TimeZone, clock.UtcNowMicroseconds());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !cancellationToken.IsCancellationRequested)
        {
            return new Error(
                ErrorCodes.ReportTooExpensive,
                $"The report did not finish within {options.Value.StatementTimeout.TotalSeconds:0.###} s. Narrow it: a shorter period (a filter on a date), "
                + "fewer or coarser dimensions (a month rather than a day), or a filter on an organization or a status.",
                ErrorKind.Unprocessable);
        }
    }

    private static async Task<List<object?[]>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string text, ReportSql sql, int columns, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(text, connection, transaction);
        foreach (var parameter in sql.Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[columns];
            for (var i = 0; i < columns; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : Cell(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static object Cell(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Utc } at => new DateTimeOffset(at, TimeSpan.Zero),
        DateTime day => DateOnly.FromDateTime(day),
        DateOnly day => day,
        int integer => (long)integer,
        _ => value,
    };
}
