using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The invariants checked after a side's run, in its database: each lot's price is its highest accepted bid (and the
/// leader's), its bid count its bids, no two bids at one price, and the bids stored are exactly the ones the bidders
/// were told were accepted; every bid has its hold, every outbid bid its release, and every franchisee's holds are
/// the prices of the lots it leads, so its balance (the sum of its ledger) is its deposit minus those prices; every
/// entry's running balance is the sum of its ledger up to it; no deadlock in pg_stat_database; and, for the API, no error or deadlock in its log.
/// </summary>
internal static partial class AuctionVerification
{
    private const string Lots = """
        SELECT l.id, l.current_price, l.bid_count, leader.amount,
               (SELECT max(b.amount) FROM bids b WHERE b.lot_id = l.id),
               (SELECT count(*) FROM bids b WHERE b.lot_id = l.id),
               (SELECT count(DISTINCT b.amount) FROM bids b WHERE b.lot_id = l.id)
        FROM lots l LEFT JOIN bids leader ON leader.id = l.leader_bid_id
        """;

    // Grouped once and joined (ledger_entries has no index on bid_id): a subquery per bid made these quadratic, and with
    // many lots, so many bids, they outlasted the command timeout.
    private const string BidsWithoutTheirHold = """
        SELECT count(*) FROM bids b
        LEFT JOIN (SELECT bid_id, organization_id, amount, count(*) AS n FROM ledger_entries WHERE kind = 'hold' GROUP BY 1, 2, 3) h
               ON h.bid_id = b.id AND h.organization_id = b.organization_id AND h.amount = -b.amount
        WHERE COALESCE(h.n, 0) <> 1
        """;

    private const string BidsWithWrongReleases = """
        SELECT count(*) FROM bids b JOIN lots l ON l.id = b.lot_id
        LEFT JOIN (SELECT bid_id, organization_id, amount, count(*) AS n FROM ledger_entries WHERE kind = 'hold_release' GROUP BY 1, 2, 3) r
               ON r.bid_id = b.id AND r.organization_id = b.organization_id AND r.amount = b.amount
        WHERE COALESCE(r.n, 0) <> CASE WHEN l.leader_bid_id = b.id THEN 0 ELSE 1 END
        """;

    private const string Balances = """
        SELECT o.id,
               COALESCE((SELECT sum(e.amount) FROM ledger_entries e WHERE e.organization_id = o.id), 0),
               COALESCE((SELECT sum(e.amount) FROM ledger_entries e WHERE e.organization_id = o.id AND e.kind = 'deposit'), 0),
               COALESCE(-(SELECT sum(e.amount) FROM ledger_entries e WHERE e.organization_id = o.id AND e.kind IN ('hold', 'hold_release')), 0),
               COALESCE((SELECT sum(l.current_price) FROM lots l WHERE l.leader_organization_id = o.id), 0),
               (SELECT count(*) FROM ledger_entries e WHERE e.organization_id = o.id AND e.kind NOT IN ('deposit', 'hold', 'hold_release'))
        FROM organizations o WHERE o.kind = 'franchisee'
        """;

    // Every entry's position (ADR 0011) against the ledger summed up to it: numbered 1, 2, 3, ... per organization.
    private const string EntriesWithWrongPositions = """
        SELECT count(*) FROM (
            SELECT entry_no, balance_after, held_after, row_number() OVER w AS n, sum(amount) OVER w AS balance,
                   -sum(CASE WHEN kind IN ('hold', 'hold_release') THEN amount ELSE 0 END) OVER w AS held
            FROM ledger_entries WINDOW w AS (PARTITION BY organization_id ORDER BY entry_no)) AS running
        WHERE entry_no <> n OR balance_after <> balance OR held_after <> held
        """;

    public static async Task<List<string>> CheckAsync(string connectionString, AuctionRun run, string? apiLogPath, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        var answered = run.Accepted.GroupBy(a => a.LotId).ToDictionary(g => g.Key, g => g.Count());
        await using (var command = new NpgsqlCommand(Lots, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var lot = reader.GetGuid(0);
                var price = reader.GetValue(1) as decimal?;
                var bidCount = reader.GetInt32(2);
                var leaderAmount = reader.GetValue(3) as decimal?;
                var highest = reader.GetValue(4) as decimal?;
                var bids = reader.GetInt64(5);
                var distinctAmounts = reader.GetInt64(6);
                if (price != highest || leaderAmount != highest)
                {
                    violations.Add($"lot {lot}: price {price}, leading bid {leaderAmount}, highest bid {highest}");
                }

                if (bidCount != bids || distinctAmounts != bids)
                {
                    violations.Add($"lot {lot}: bid_count {bidCount}, {bids} bids, {distinctAmounts} distinct amounts");
                }

                if (bids != answered.GetValueOrDefault(lot))
                {
                    violations.Add($"lot {lot}: {bids} bids stored, {answered.GetValueOrDefault(lot)} answered 201");
                }
            }
        }

        var stored = new Dictionary<Guid, decimal>();
        await using (var command = new NpgsqlCommand("SELECT id, amount FROM bids", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetGuid(0)] = reader.GetDecimal(1);
            }
        }

        var missing = run.Accepted.Count(a => !stored.TryGetValue(a.BidId, out var amount) || amount != a.Amount);
        if (missing > 0)
        {
            violations.Add($"{missing} bids answered 201 are not stored with their amount");
        }

        var withoutHold = await Databases.CountAsync(connectionString, BidsWithoutTheirHold, cancellationToken);
        var wrongReleases = await Databases.CountAsync(connectionString, BidsWithWrongReleases, cancellationToken);
        if (withoutHold > 0 || wrongReleases > 0)
        {
            violations.Add($"{withoutHold} bids without exactly one hold of their amount, {wrongReleases} bids with a wrong number of releases");
        }

        await using (var command = new NpgsqlCommand(Balances, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (organization, balance, deposits, held, leading, other) =
                    (reader.GetGuid(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetInt64(5));
                if (held != leading || balance != deposits - leading || balance < 0 || other > 0)
                {
                    violations.Add($"franchisee {organization}: balance {balance}, deposits {deposits}, held {held}, leading prices {leading}, {other} other entries");
                }
            }
        }

        var wrongPositions = await Databases.CountAsync(connectionString, EntriesWithWrongPositions, cancellationToken);
        if (wrongPositions > 0)
        {
            violations.Add($"{wrongPositions} ledger entries whose running balance is not the sum of their ledger up to them");
        }

        var deadlocks = await Databases.CountAsync(connectionString, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", cancellationToken);
        if (deadlocks > 0)
        {
            violations.Add($"pg_stat_database: {deadlocks} deadlocks");
        }

        if (apiLogPath is not null)
        {
            var bad = new List<string>();
            await foreach (var line in File.ReadLinesAsync(apiLogPath, cancellationToken))
            {
                if (ErrorLine().IsMatch(line))
                {
                    bad.Add(line);
                }
            }

            if (bad.Count > 0)
            {
                violations.Add($"API log: {bad.Count} error or deadlock lines, first: {bad[0]}");
            }
        }

        return violations;
    }

    /// <summary>Error and critical entries (JSON console logging, or the simple console format), and any deadlock (SQLSTATE 40P01).</summary>
    [GeneratedRegex("\"LogLevel\":\"(Error|Critical)\"|^(fail|crit): |deadlock|40P01", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorLine();

    public static string Summary(AuctionRun run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Accepted.Count} accepted bids on {run.Accepted.Select(a => a.LotId).Distinct().Count()} lots over the whole run (warm-up included)");
}
