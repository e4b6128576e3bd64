using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Ledger;

/// <summary>
/// ADR 0011's invariant over the whole ledger, in one snapshot: each organization's entries are numbered 1, 2, 3, ...
/// and each carries the sum of its organization's ledger up to it (and the amount held by then).
/// </summary>
public static class RunningBalances
{
    private const string Mismatches = """
        SELECT organization_id, entry_no, balance_after, held_after, n, balance, held FROM (
            SELECT organization_id, entry_no, balance_after, held_after, row_number() OVER w AS n, sum(amount) OVER w AS balance,
                   -sum(CASE WHEN kind IN ('hold', 'hold_release') THEN amount ELSE 0 END) OVER w AS held
            FROM ledger_entries WINDOW w AS (PARTITION BY organization_id ORDER BY entry_no)) AS running
        WHERE entry_no <> n OR balance_after <> balance OR held_after <> held
        LIMIT 5
        """;

    public static async Task ShouldAddUpAsync(ApiServerFixture server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Mismatches, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var wrong = new List<string>();
        while (await reader.ReadAsync())
        {
            wrong.Add($"organization {reader.GetGuid(0)} entry {reader.GetInt64(1)} says {reader.GetDecimal(2)} held {reader.GetDecimal(3)}; "
                + $"as entry {reader.GetInt64(4)} it should say {reader.GetDecimal(5)} held {reader.GetDecimal(6)}");
        }

        wrong.Should().BeEmpty("every entry carries its organization's ledger summed up to it");
    }
}
