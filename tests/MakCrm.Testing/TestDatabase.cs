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
    private ResetPlan? _reset;
    private (string Changed, string DeleteAdded)? _accountsReset;

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
    /// it, as with TRUNCATE), then the tables that hold rows are emptied with DELETE, children before parents, and the
    /// sequences the tables own restart. DELETE rather than TRUNCATE: TRUNCATE gives every table and index of the
    /// schema a new file, which costs far more than deleting the few rows a test wrote; and only the tables with rows,
    /// since a test writes to a few of them.
    /// Append-only tables refuse DELETE by a trigger; the reset switches that trigger off inside its transaction,
    /// so no other session ever sees it off.
    /// </summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _reset ??= await BuildResetAsync(connection);
        if (_reset.ChildrenFirst.Count == 0)
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
                await using (var lockTables = new NpgsqlCommand(_reset.Lock, connection, transaction))
                {
                    await lockTables.ExecuteNonQueryAsync();
                }

                var filled = new HashSet<string>(StringComparer.Ordinal);
                await using (var find = new NpgsqlCommand(_reset.FindFilled, connection, transaction))
                {
                    // Planning a probe of every table costs more than running it: prepared, the plan stays with
                    // the pooled connection.
                    await find.PrepareAsync();
                    await using var reader = await find.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        filled.Add(reader.GetString(0));
                    }
                }

                await using var reset = new NpgsqlCommand(_reset.Statements(filled), connection, transaction);
                await reset.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }
    }

    /// <summary>
    /// Columns of the kept tables that a sign-in writes (the last TOTP step, the time of a two-factor sign-in and the
    /// row's concurrency stamp): a class that only signs in leaves the accounts as they were.
    /// </summary>
    private static readonly HashSet<string> SignInBookkeeping = new(StringComparer.Ordinal)
    {
        "users.totp_last_step", "users.last_two_factor_sign_in_at", "users.concurrency_stamp",
    };

    /// <summary>Copies the kept tables into schema <c>test_kept</c>, for <see cref="ResetAccountsAsync"/>.</summary>
    public async Task RememberAccountsAsync()
    {
        var copies = string.Concat(
            KeptAccounts.Select(t => $"; CREATE TABLE test_kept.{Quote(t)} AS TABLE public.{Quote(t)}"));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var copy = new NpgsqlCommand("CREATE SCHEMA test_kept" + copies, connection);
        await copy.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Empties the business data (<see cref="ResetAsync"/>), then brings the kept tables back to what
    /// <see cref="RememberAccountsAsync"/> copied: rows added since are deleted, children first, but for signing keys
    /// (a rotation's new key is the one the server signs with from then on). Answers false, and
    /// changes nothing of the accounts, when a remembered row was changed (but for <see cref="SignInBookkeeping"/>) or
    /// deleted: the database is then no longer the one a fresh fixture would give.
    /// </summary>
    public async Task<bool> ResetAccountsAsync()
    {
        try
        {
            await ResetAsync();
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            _accountsReset ??= await BuildAccountsResetAsync(connection);
            var (changed, deleteAdded) = _accountsReset.Value;
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var check = new NpgsqlCommand(changed, connection, transaction))
            {
                if (await check.ExecuteScalarAsync() is true)
                {
                    return false;
                }
            }

            await using (var delete = new NpgsqlCommand(deleteAdded, connection, transaction))
            {
                await delete.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <summary>The kept tables <see cref="ResetAccountsAsync"/> restores: all but the migrations history.</summary>
    private static IEnumerable<string> KeptAccounts =>
        Kept.Where(t => t != MakCrm.Infrastructure.DependencyInjection.MigrationsHistoryTable)
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Two statements over the kept tables: one that answers whether a remembered row differs from the table's (its
    /// columns compared as text, so that every type compares), and the deletes of rows added since, by primary key.
    /// </summary>
    private static async Task<(string Changed, string DeleteAdded)> BuildAccountsResetAsync(NpgsqlConnection connection)
    {
        var tables = KeptAccounts.ToArray();
        var columns = (await ReadPairsAsync(connection,
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                + "ORDER BY table_name, ordinal_position"))
            .Where(c => tables.Contains(c.Left) && !SignInBookkeeping.Contains($"{c.Left}.{c.Right}"))
            .ToLookup(c => c.Left, c => $"{Quote(c.Right)}::text");
        var keys = (await ReadPairsAsync(connection,
                "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname, a.attnum"))
            .ToLookup(k => k.Left, k => Quote(k.Right));
        var parents = await ReferencesAsync(connection, tables);
        var changed = "SELECT " + string.Join(" OR ", tables.Select(t =>
        {
            var list = string.Join(", ", columns[t]);
            return $"EXISTS (SELECT {list} FROM test_kept.{Quote(t)} EXCEPT SELECT {list} FROM public.{Quote(t)})";
        }));
        var deleteAdded = string.Concat(ChildrenFirst(parents).Where(t => t != "signing_keys").Select(t =>
        {
            var key = string.Join(", ", keys[t]);
            return $"DELETE FROM public.{Quote(t)} WHERE ({key}) NOT IN (SELECT {key} FROM test_kept.{Quote(t)});\n";
        }));
        return (changed, deleteAdded);
    }

    /// <summary>
    /// The reset of this schema: the lock of its tables, a query that names the tables holding rows, the tables
    /// children first with the triggers that refuse their DELETE, and what always runs after the deletes (sequence
    /// restarts, reseeding).
    /// </summary>
    private sealed record ResetPlan(
        string Lock,
        string FindFilled,
        IReadOnlyList<string> ChildrenFirst,
        ILookup<string, string> RefusingDelete,
        string Tail)
    {
        /// <summary>The deletes of the tables that hold rows, in foreign-key order, then <see cref="Tail"/>.</summary>
        public string Statements(IReadOnlySet<string> filled)
        {
            var sql = new System.Text.StringBuilder();
            foreach (var table in ChildrenFirst.Where(filled.Contains))
            {
                var triggers = RefusingDelete[table].ToList();
                triggers.ForEach(t => sql.Append($"ALTER TABLE {Quote(table)} DISABLE TRIGGER {Quote(t)};\n"));
                sql.Append($"DELETE FROM {Quote(table)};\n");
                triggers.ForEach(t => sql.Append($"ALTER TABLE {Quote(table)} ENABLE TRIGGER {Quote(t)};\n"));
            }

            return sql.Append(Tail).ToString();
        }
    }

    /// <summary>The reset's plan for this schema, read from its catalog once per database.</summary>
    private static async Task<ResetPlan> BuildResetAsync(NpgsqlConnection connection)
    {
        var tables = await ListTablesAsync(connection);
        if (tables.Length == 0)
        {
            return new ResetPlan("", "", [], Array.Empty<string>().ToLookup(t => t), "");
        }

        var refusingDelete = await ReadPairsAsync(connection,
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            + "WHERE NOT t.tgisinternal AND (t.tgtype & 8) <> 0 AND c.relnamespace = 'public'::regnamespace");
        var sequences = await ReadPairsAsync(connection,
            "SELECT t.relname, s.oid::regclass::text FROM pg_class s "
            + "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            + "JOIN pg_class t ON t.oid = d.refobjid WHERE s.relkind = 'S' AND t.relnamespace = 'public'::regnamespace");

        var tail = new System.Text.StringBuilder();
        foreach (var (_, sequence) in sequences.Where(p => tables.Contains(p.Left)))
        {
            tail.Append($"ALTER SEQUENCE {sequence} RESTART;\n");
        }

        foreach (var table in Reseeded)
        {
            tail.Append($"INSERT INTO public.{Quote(table)} SELECT * FROM test_seed.{Quote(table)};\n");
        }

        return new ResetPlan(
            $"LOCK TABLE {string.Join(", ", tables.Select(Quote))} IN SHARE ROW EXCLUSIVE MODE",
            string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}' WHERE EXISTS (SELECT FROM {Quote(t)})")),
            ChildrenFirst(await ReferencesAsync(connection, tables)),
            refusingDelete.Where(p => tables.Contains(p.Left))
                .ToLookup(p => p.Left, p => p.Right, StringComparer.Ordinal),
            tail.ToString());
    }

    /// <summary>For each table, the tables among them it references by a foreign key (itself left out).</summary>
    private static async Task<Dictionary<string, HashSet<string>>> ReferencesAsync(
        NpgsqlConnection connection,
        IEnumerable<string> tables)
    {
        var parents = tables.ToDictionary(
            t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
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

        return parents;
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
