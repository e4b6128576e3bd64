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
    private string? _reset;

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
    private static readonly string[] Reseeded =
        ["lead_statuses", "client_sources", "pipelines", "pipeline_stages", "banks", "retention_rules"];

    /// <summary>
    /// Empties every table of business data, so that no test sees another's rows. One transaction: every table is
    /// locked against writers first (so a background worker's write in flight lands before the reset, never after
    /// it, as with TRUNCATE), then emptied with DELETE, children before parents, and the sequences the tables own
    /// restart. DELETE rather than TRUNCATE: TRUNCATE gives every table and index of the schema a new file, which costs
    /// far more than deleting the few rows a test wrote.
    /// Append-only tables refuse DELETE by a trigger; the reset switches that trigger off inside its transaction,
    /// so no other session ever sees it off.
    /// </summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _reset ??= await BuildResetAsync(connection);
        if (_reset.Length == 0)
        {
            return;
        }

        // A background worker of a test's host may hold a row of one table while it waits for another that the
        // reset has locked: PostgreSQL then aborts one of the two. A worker retries its round by itself; the
        // reset, chosen instead, is tried again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var reset = new NpgsqlCommand(_reset, connection, transaction);
                await reset.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }
    }

    /// <summary>The reset's SQL for this schema: locks, deletes in foreign-key order, sequence restarts, reseeding.</summary>
    private static async Task<string> BuildResetAsync(NpgsqlConnection connection)
    {
        var tables = await ListTablesAsync(connection);
        if (tables.Length == 0)
        {
            return "";
        }

        var parents = tables.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (child, parent) in await ReadPairsAsync(connection,
            "SELECT child.relname, parent.relname FROM pg_constraint c "
            + "JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid "
            + "WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conrelid <> c.confrelid"))
        {
            if (parents.TryGetValue(child, out var of) && parents.ContainsKey(parent))
            {
                of.Add(parent);
            }
        }

        var refusingDelete = await ReadPairsAsync(connection,
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            + "WHERE NOT t.tgisinternal AND (t.tgtype & 8) <> 0 AND c.relnamespace = 'public'::regnamespace");
        var sequences = await ReadPairsAsync(connection,
            "SELECT t.relname, s.oid::regclass::text FROM pg_class s "
            + "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            + "JOIN pg_class t ON t.oid = d.refobjid WHERE s.relkind = 'S' AND t.relnamespace = 'public'::regnamespace");

        var sql = new System.Text.StringBuilder();
        sql.Append("LOCK TABLE ").AppendJoin(", ", tables.Select(Quote)).Append(" IN SHARE ROW EXCLUSIVE MODE;\n");
        var disabled = refusingDelete.Where(p => parents.ContainsKey(p.Left)).ToArray();
        foreach (var (table, trigger) in disabled)
        {
            sql.Append($"ALTER TABLE {Quote(table)} DISABLE TRIGGER {Quote(trigger)};\n");
        }

        foreach (var table in ChildrenFirst(parents))
        {
            sql.Append($"DELETE FROM {Quote(table)};\n");
        }

        foreach (var (table, trigger) in disabled)
        {
            sql.Append($"ALTER TABLE {Quote(table)} ENABLE TRIGGER {Quote(trigger)};\n");
        }

        foreach (var (_, sequence) in sequences.Where(p => parents.ContainsKey(p.Left)))
        {
            sql.Append($"ALTER SEQUENCE {sequence} RESTART;\n");
        }

        sql.AppendJoin("", Reseeded.Select(t => $"INSERT INTO public.{Quote(t)} SELECT * FROM test_seed.{Quote(t)};\n"));
        return sql.ToString();
    }

    /// <summary>The tables in an order where every table comes before the tables it references.</summary>
    private static List<string> ChildrenFirst(Dictionary<string, HashSet<string>> parents)
    {
        var order = new List<string>();
        var remaining = new HashSet<string>(parents.Keys, StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            // A table no remaining table references may go now.
            var free = remaining.Where(t => !remaining.Any(other => parents[other].Contains(t))).OrderBy(t => t, StringComparer.Ordinal).ToList();
            if (free.Count == 0)
            {
                throw new InvalidOperationException(
                    $"The test reset cannot order the tables {string.Join(", ", remaining)}: their foreign keys form a cycle.");
            }

            order.AddRange(free);
            remaining.ExceptWith(free);
        }

        return order;
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task<List<(string Left, string Right)>> ReadPairsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
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
