using Npgsql;

namespace MakCrm.Bench;

/// <summary>The benchmark's databases on the server of MAK_DB: dropped and created fresh by each run.</summary>
internal static class Databases
{
    public static string For(string serverConnection, string database) =>
        new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;

    /// <summary>Drops the database if it exists; the API's migrator creates and migrates it when it starts.</summary>
    public static async Task DropAsync(string serverConnection, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(For(serverConnection, "postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> CountAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>VACUUM ANALYZE, so that both sides of a comparison start from a database in the same state.</summary>
    public static Task VacuumAnalyzeAsync(string connectionString, CancellationToken cancellationToken) =>
        RunAsync(connectionString, "VACUUM ANALYZE", cancellationToken);

    /// <summary>
    /// ANALYZE once a side's warm-up has filled its tables, as autovacuum would on a live database. Without it the measured
    /// phases run on statistics of nearly empty tables, and a statement prepared on a pooled connection (both sides
    /// prepare automatically) can keep a generic plan made for an empty table — a sequential scan of clients that costs
    /// 10 ms per lookup by the end of a run — until autovacuum's next visit, which may or may not fall inside the run.
    /// ANALYZE invalidates the cached plans, so both sides are measured with plans made for the data they have.
    /// </summary>
    public static Task AnalyzeAsync(string connectionString, CancellationToken cancellationToken) =>
        RunAsync(connectionString, "ANALYZE", cancellationToken);

    private static async Task RunAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A fresh database as every side of a comparison starts from: migrated by the real migrations, with the same partner.</summary>
internal sealed record FreshDatabase(string Connection, Partner Partner)
{
    /// <summary>Drops the database, lets the API create and migrate it and registers the partner; the API keeps running.</summary>
    public static async Task<(FreshDatabase Database, ServerProcess Api)> StartApiAsync(
        BenchOptions options, string name, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        await Databases.DropAsync(options.ServerConnection, name, cancellationToken);
        var connection = Databases.For(options.ServerConnection, name);
        var api = await ApiProcess.StartAsync(options, name, cancellationToken, settings);
        try
        {
            var partner = await ApiSession.PreparePartnerAsync(api.BaseUrl, connection, cancellationToken);
            return (new FreshDatabase(connection, partner), api);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>The same for a baseline: the API stops once the database is ready, and VACUUM ANALYZE runs.</summary>
    public static async Task<FreshDatabase> PrepareAsync(BenchOptions options, string name, CancellationToken cancellationToken)
    {
        var (database, api) = await StartApiAsync(options, name, cancellationToken);
        await api.DisposeAsync();
        await Databases.VacuumAnalyzeAsync(database.Connection, cancellationToken);
        return database;
    }
}
