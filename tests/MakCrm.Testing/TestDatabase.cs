using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MakCrm.Testing;

/// <summary>
/// A real PostgreSQL database of its own for one test fixture, cloned from a template that this test run migrated
/// once (CREATE DATABASE ... TEMPLATE is a file copy, much faster than migrating each time). <see cref="ResetAsync"/>
/// empties every table between tests; <see cref="DisposeAsync"/> drops the database.
/// The server comes from <c>MAK_DB</c>, which <c>./mak test</c> sets.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private string[]? _tables;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var template = await Template.Value;
        var name = $"mak_test_{Guid.NewGuid():N}";
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new TestDatabase(name, WithDatabase(name));
    }

    /// <summary>An empty database of its own, without migrations, for a test that migrates it step by step.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var name = $"mak_test_{Guid.NewGuid():N}";
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(name, WithDatabase(name));
    }

    /// <summary>A context on this database, configured as the API's.</summary>
    public MakCrmDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<MakCrmDbContext>();
        MakCrm.Infrastructure.DependencyInjection.Configure(options, ConnectionString);
        return new MakCrmDbContext(options.Options);
    }

    /// <summary>
    /// Tables that <see cref="ResetAsync"/> keeps: the migrations history, the reference data of the first migrations
    /// (roles, their permissions, the first-party clients) and the accounts of the fixture, which tests add to but
    /// do not change in place.
    /// </summary>
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        MakCrm.Infrastructure.DependencyInjection.MigrationsHistoryTable,
        "organizations", "users", "user_roles", "user_claims", "user_logins", "user_tokens", "roles", "role_claims",
        "role_permissions", "api_clients", "signing_keys",
    };

    /// <summary>
    /// Reference data that migrations seed and that tests may change (an admin edits lead statuses and client
    /// sources, banks): emptied like business data, then restored from the copy the template keeps in schema <c>test_seed</c>.
    /// </summary>
    private static readonly string[] Reseeded = ["lead_statuses", "client_sources", "pipelines", "pipeline_stages", "banks"];

    /// <summary>Empties every table of business data, so that no test sees another's rows.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _tables ??= await ListTablesAsync(connection);
        if (_tables.Length == 0)
        {
            return;
        }

        await using var truncate = new NpgsqlCommand(
            $"TRUNCATE TABLE {string.Join(", ", _tables.Select(t => $"\"{t}\""))} RESTART IDENTITY CASCADE; "
            + string.Concat(Reseeded.Select(t => $"INSERT INTO public.\"{t}\" SELECT * FROM test_seed.\"{t}\"; ")),
            connection);
        // TRUNCATE locks every table in turn, and a background worker of a test's host may be holding one of them
        // while it waits for another: PostgreSQL then aborts one of the two. A worker retries its round by itself;
        // the reset, chosen instead, is tried again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await truncate.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("MAK_DB") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "Tests need a PostgreSQL server: run them with ./mak test, or set MAK_DB to an Npgsql connection string of a user who may create databases.");

    private static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"mak_test_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..50];
        var options = new DbContextOptionsBuilder<MakCrmDbContext>();
        MakCrm.Infrastructure.DependencyInjection.Configure(options, WithDatabase(name));
        await using (var db = new MakCrmDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new NpgsqlConnection(WithDatabase(name)))
        {
            await connection.OpenAsync();
            var copies = string.Concat(Reseeded.Select(t => $"; CREATE TABLE test_seed.\"{t}\" AS TABLE public.\"{t}\""));
            await using var copy = new NpgsqlCommand("CREATE SCHEMA test_seed" + copies, connection);
            await copy.ExecuteNonQueryAsync();
        }

        // A template must have no open connections when it is copied.
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(name);
        return name;
    }

    private static void DropQuietly(string name)
    {
        try
        {
            using var connection = new NpgsqlConnection(WithDatabase("postgres"));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // ./mak test drops leftover test databases before and after every run.
        }
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(WithDatabase("postgres"));
        await connection.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another fixture is copying the same template at this moment; PostgreSQL copies one at a time.
                await Task.Delay(100 * attempt);
            }
        }
    }

    private static async Task<string[]> ListTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY(@kept)) ORDER BY tablename", connection);
        command.Parameters.AddWithValue("kept", Kept.ToArray());
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return [.. tables];
    }
}
