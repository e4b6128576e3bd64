using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace MakCrm.IntegrationTests.Ledger;

/// <summary>The migration of ADR 0011 on a ledger written before it: every existing entry gets its position, in the order written.</summary>
public sealed class RunningBalanceMigrationTests
{
    private const string Before = "20261121101633_UserStandingNotifications";

    [Fact]
    public async Task Existing_entries_get_their_running_balances_in_the_order_they_were_written()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
        }

        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();
        // The schema of that time, not today's model: the organizations are written as SQL too.
        await ExecuteAsync(database, $"""
            INSERT INTO organizations (id, kind, name, status, created_at, updated_at, version) VALUES
              ('{first}', 'franchisee', 'Франчайзи 1', 'active', now(), now(), 1),
              ('{second}', 'franchisee', 'Франчайзи 2', 'active', now(), now(), 1)
            """);

        // Written out of time order on purpose: the positions follow created_at, not the order of the rows.
        await ExecuteAsync(database, $"""
            INSERT INTO ledger_entries (id, organization_id, kind, amount, comment, created_at) VALUES
              ('{Guid.CreateVersion7()}', '{first}', 'hold', -300, NULL, '2026-01-03T00:00:00Z'),
              ('{Guid.CreateVersion7()}', '{first}', 'deposit', 1000, 'Депозит', '2026-01-01T00:00:00Z'),
              ('{Guid.CreateVersion7()}', '{first}', 'hold_release', 300, NULL, '2026-01-04T00:00:00Z'),
              ('{Guid.CreateVersion7()}', '{first}', 'adjustment', -50, 'Списание', '2026-01-02T00:00:00Z'),
              ('{Guid.CreateVersion7()}', '{first}', 'hold', -400, NULL, '2026-01-05T00:00:00Z'),
              ('{Guid.CreateVersion7()}', '{second}', 'deposit', 70, 'Депозит', '2026-01-01T00:00:00Z')
            """);

        await using (var db = database.NewContext())
        {
            await db.Database.MigrateAsync();
        }

        var positions = await QueryAsync(database, "SELECT organization_id, entry_no, balance_after, held_after FROM ledger_entries ORDER BY organization_id, entry_no");
        positions.Where(p => p.Organization == first).Select(p => (p.EntryNo, p.Balance, p.Held)).Should().Equal(
            (1L, 1000m, 0m), (2L, 950m, 0m), (3L, 650m, 300m), (4L, 950m, 0m), (5L, 550m, 400m));
        positions.Where(p => p.Organization == second).Select(p => (p.EntryNo, p.Balance, p.Held)).Should().Equal((1L, 70m, 0m));

        // The append-only trigger is back, and an entry without its position has no default to fall back on.
        var update = () => ExecuteAsync(database, "UPDATE ledger_entries SET amount = amount");
        (await update.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var unnumbered = () => ExecuteAsync(database, $"INSERT INTO ledger_entries (id, organization_id, kind, amount, created_at) VALUES ('{Guid.CreateVersion7()}', '{second}', 'deposit', 1, now())");
        (await unnumbered.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.NotNullViolation);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<(Guid Organization, long EntryNo, decimal Balance, decimal Held)>> QueryAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid, long, decimal, decimal)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetDecimal(3)));
        }

        return rows;
    }
}
