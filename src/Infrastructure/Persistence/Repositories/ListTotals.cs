using System.Text.Json;
using MakCrm.Contracts;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// How many rows a list's filtered query matches, at a bounded cost: counted exactly up to
/// <see cref="ExactUpTo"/> (<c>SELECT count(*) FROM (… LIMIT 10001)</c>, so no count reads more than that many
/// rows), and beyond it the planner's estimate of the same query (<c>EXPLAIN</c>, which reads no row), never
/// below what was counted.
/// </summary>
internal static class ListTotals
{
    public const int ExactUpTo = 10_000;

    public static async Task<ListTotal> CountAsync<T>(
        this IQueryable<T> filtered,
        DatabaseFacade database,
        CancellationToken cancellationToken
    )
    {
        var counted = await filtered.Take(ExactUpTo + 1).CountAsync(cancellationToken);
        if (counted <= ExactUpTo)
        {
            return new ListTotal(counted, true);
        }

        var estimate = await EstimateAsync(filtered, database, cancellationToken);
        return new ListTotal((int)Math.Clamp(estimate, counted, int.MaxValue), false);
    }

    private static async Task<double> EstimateAsync<T>(
        IQueryable<T> filtered,
        DatabaseFacade database,
        CancellationToken cancellationToken
    )
    {
        await using var command = filtered.CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        command.Transaction = database.CurrentTransaction?.GetDbTransaction();
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var plan = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "[]";
            using var document = JsonDocument.Parse(plan);
            return document.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }
}
