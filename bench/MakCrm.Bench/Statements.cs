using System.Globalization;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The SQL statements a benchmark database received, from <c>pg_stat_statements</c>. <c>./mak</c> starts the cluster
/// with the module loaded and its tracking off (<c>pg_stat_statements.track = none</c>); <see cref="TrackAsync"/>
/// creates a benchmark's database with tracking on for its sessions only, so that nothing else pays for it. The view is
/// read from the maintenance database (<c>postgres</c>), where the benchmark's monitors connect too, so that reading
/// it adds nothing to the counts. A cluster started before <c>./mak</c> loaded the module, or a server whose role may
/// not turn tracking on, has no counts: the benchmark says so and goes on.
/// </summary>
internal sealed class Statements
{
    private readonly string _serverConnection;
    private readonly string _database;

    private Statements(string serverConnection, string database) =>
        (_serverConnection, _database) = (serverConnection, database);

    /// <summary>What one statement was sent in a window: its text (normalised by PostgreSQL) and its calls.</summary>
    internal sealed record Sent(string Query, long Calls);

    /// <summary>
    /// Creates <paramref name="database"/> (dropped before) with <c>pg_stat_statements.track = top</c> for every
    /// session that connects to it later; the API's migrator then migrates it as it does a database it created. Null,
    /// with the database still created, when the cluster has not loaded the module.
    /// </summary>
    public static async Task<Statements?> TrackAsync(
        string serverConnection, string database, CancellationToken cancellationToken)
    {
        await Databases.DropAsync(serverConnection, database, cancellationToken);
        await using var connection = new NpgsqlConnection(Databases.For(serverConnection, "postgres"));
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"CREATE DATABASE \"{database}\"", cancellationToken);
        await using (var loaded = new NpgsqlCommand("SELECT current_setting('shared_preload_libraries')", connection))
        {
            var libraries = (string)(await loaded.ExecuteScalarAsync(cancellationToken))!;
            if (!libraries.Split(',', StringSplitOptions.TrimEntries).Contains("pg_stat_statements"))
            {
                return null;
            }
        }

        try
        {
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken);
            await ExecuteAsync(
                connection, $"ALTER DATABASE \"{database}\" SET pg_stat_statements.track = 'top'", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return null; // a server of MAK_DB where the benchmark's role may not: nothing is counted
        }

        return new Statements(serverConnection, database);
    }

    /// <summary>The calls of every statement the database has received so far, by statement.</summary>
    public async Task<IReadOnlyDictionary<long, Sent>> SnapshotAsync(CancellationToken cancellationToken)
    {
        const string Read = """
            SELECT queryid, min(query), sum(calls)::bigint FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1) GROUP BY queryid
            """;
        await using var connection = new NpgsqlConnection(Databases.For(_serverConnection, "postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Read, connection) { Parameters = { new() { Value = _database } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sent = new Dictionary<long, Sent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sent[reader.GetInt64(0)] = new Sent(reader.GetString(1), reader.GetInt64(2));
        }

        return sent;
    }

    /// <summary>The statements sent between two snapshots, the most called first.</summary>
    public static IReadOnlyList<Sent> Between(
        IReadOnlyDictionary<long, Sent> before, IReadOnlyDictionary<long, Sent> after) =>
        after.Select(s => s.Value with { Calls = s.Value.Calls - (before.TryGetValue(s.Key, out var b) ? b.Calls : 0) })
            .Where(s => s.Calls > 0).OrderByDescending(s => s.Calls).ToList();

    /// <summary>The statements of several windows as one, the most called first.</summary>
    public static IReadOnlyList<Sent> Merge(IEnumerable<Sent> sent) =>
        sent.GroupBy(s => s.Query).Select(g => new Sent(g.Key, g.Sum(s => s.Calls)))
            .OrderByDescending(s => s.Calls).ToList();

    /// <summary>
    /// Reports what a side sent during its measured requests: statements per request in all, and every statement sent
    /// at least once per hundred requests (less is background work: the API's workers poll on their own clock). True
    /// when no statement was sent that often, that is when the requests sent no SQL.
    /// </summary>
    public static bool Describe(Report report, string side, IReadOnlyList<Sent> sent, long requests)
    {
        var total = sent.Sum(s => s.Calls);
        var perRequest = sent.Where(s => s.Calls * 100 >= requests).ToList();
        var each = total / (double)Math.Max(1, requests);
        report.Line(FormattableString.Invariant(
            $"  {side}: {total:N0} SQL statements over {requests:N0} requests ({each:0.000} per request), ")
            + (perRequest.Count == 0
                ? "none of them once per hundred requests or more; the most sent:"
                : $"{perRequest.Count} of them once per hundred requests or more:"));
        // Below the threshold, the most sent, to show what they are.
        foreach (var statement in perRequest.Count == 0 ? sent.Take(3) : perRequest.Take(10))
        {
            var text = statement.Query.ReplaceLineEndings(" ");
            var share = statement.Calls / (double)Math.Max(1, requests);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"    {statement.Calls:N0} ({share:0.000} per request): {text[..Math.Min(text.Length, 300)]}"));
        }

        return perRequest.Count == 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
