using System.Diagnostics;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MakCrm.IntegrationTests.Persistence;

/// <summary>
/// The baseline migration makes the database the migrations before it made (ADR 0035): the schema as
/// <c>pg_dump --schema-only</c> writes it and the rows of every table, against what a database made by those
/// migrations had (BeforeBaseline/, taken from one before they were folded into the baseline).
/// </summary>
public sealed class BaselineMigrationTests
{
    private const string Baseline = "20261126100155_Baseline";

    [Fact]
    public async Task A_database_made_by_the_baseline_is_the_one_the_migrations_before_it_made()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Baseline);
        }

        var expected = Normalized(await File.ReadAllTextAsync(Path.Combine(Folder(), "schema.sql")));
        var actual = Normalized(await SchemaDumpAsync(database.ConnectionString));
        actual
            .Should()
            .Equal(expected, "the baseline's schema is the earlier migrations' (statements normalized and sorted)");

        var expectedRows = (await File.ReadAllLinesAsync(Path.Combine(Folder(), "data.md5"))).Where(l => l.Length > 0);
        (await RowDigestsAsync(database.ConnectionString))
            .Should()
            .Equal(expectedRows, "every table holds the rows the earlier migrations seeded");
    }

    [Fact]
    public async Task Migrating_down_from_the_baseline_leaves_no_table_function_or_sequence_of_ours()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Baseline);
            await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var left = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <>
                '__ef_migrations_history')
                 + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND
                        d.deptype = 'e'))
                 + (SELECT count(*) FROM pg_sequences WHERE schemaname = 'public')
            """,
            connection
        );
        ((long)(await left.ExecuteScalarAsync())!).Should().Be(0);
    }

    [Fact]
    public async Task A_database_the_folded_migrations_brought_to_their_end_goes_on_as_the_baselines()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Baseline);
        }

        // As a developer's database of before the baseline: its history names the folded migrations.
        await ExecuteAsync(
            database,
            $"""
            DELETE FROM __ef_migrations_history;
            INSERT INTO __ef_migrations_history ("MigrationId", "ProductVersion")
            VALUES ('20261121002205_InitialClientsAndLeads', '10.0.14'), ('{DatabaseMigrator.LastBeforeBaseline}',
                '10.0.14');
            """
        );
        await Migrator(database).MigrateAsync(CancellationToken.None);
        (
            await ScalarAsync(
                database,
                $"SELECT count(*) FROM __ef_migrations_history WHERE \"MigrationId\" = '{Baseline}'"
            )
        )
            .Should()
            .Be(1L);

        // One left half-way is refused, and nothing is applied.
        await ExecuteAsync(
            database,
            $"DELETE FROM __ef_migrations_history WHERE \"MigrationId\" IN ('{Baseline}', "
            + $"'{DatabaseMigrator.LastBeforeBaseline}')"
        );
        var halfWay = () => Migrator(database).MigrateAsync(CancellationToken.None);
        (await halfWay.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("drop it");
        (
            await ScalarAsync(
                database,
                $"SELECT count(*) FROM __ef_migrations_history WHERE \"MigrationId\" = '{Baseline}'"
            )
        )
            .Should()
            .Be(0L);
    }

    private static DatabaseMigrator Migrator(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<MakCrmDbContext>();
        MakCrm.Infrastructure.DependencyInjection.Configure(options, database.ConnectionString);
        return new DatabaseMigrator(options.Options, NullLogger<DatabaseMigrator>.Instance);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// The dump's statements, each on its own, sorted: comments, session settings and the dump's random
    /// <c>\restrict</c> token left out, and the columns of a table sorted (a column added by a later migration comes
    /// last in its table, in the baseline where the model has it).
    /// </summary>
    private static List<string> Normalized(string dump)
    {
        var lines = dump.Split('\n')
            .Where(l =>
                !l.StartsWith("--", StringComparison.Ordinal)
                && !l.StartsWith("SET ", StringComparison.Ordinal)
                && !l.StartsWith("SELECT pg_catalog.set_config", StringComparison.Ordinal)
                && !l.StartsWith('\\')
            );
        return
        [
            .. string.Join('\n', lines)
                .Split(";\n")
                .Select(s => s.Trim())
                .Where(s => s.Length > 0)
                .Select(s => s.StartsWith("CREATE TABLE", StringComparison.Ordinal) ? WithSortedColumns(s) : s)
                .Order(StringComparer.Ordinal),
        ];
    }

    private static string WithSortedColumns(string createTable)
    {
        var open = createTable.IndexOf('(', StringComparison.Ordinal);
        var close = createTable.LastIndexOf(')');
        var columns = createTable[(open + 1)..close]
            .Split('\n')
            .Select(c => c.Trim().TrimEnd(','))
            .Where(c => c.Length > 0)
            .Order(StringComparer.Ordinal);
        return $"{createTable[..(open + 1)]}\n{string.Join('\n', columns)}\n{createTable[close..]}";
    }

    private static async Task<string> SchemaDumpAsync(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(
            PgDump(),
            [
                "--schema-only",
                "--no-owner",
                "-h",
                connection.Host!,
                "-p",
                connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U",
                connection.Username!,
                connection.Database!,
            ]
        )
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (connection.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await errors);
        return await output;
    }

    // The server's own pg_dump, which ./mak test installs with it; else the one on the PATH.
    private static string PgDump() =>
        File.Exists("/usr/lib/postgresql/15/bin/pg_dump") ? "/usr/lib/postgresql/15/bin/pg_dump" : "pg_dump";

    /// <summary>Per table, a digest of its rows as JSON (keys sorted, so column order does not count), rows
    /// sorted.</summary>
    private static async Task<List<string>> RowDigestsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string query;
        await using (
            var build = new NpgsqlCommand(
                """
                SELECT
                    string_agg(format('SELECT %L AS t, md5(coalesce(string_agg(to_jsonb(x)::text, E''\n'' '
                                      || 'ORDER BY to_jsonb(x)::text), '''')) FROM %I x',
                                         table_name, table_name), ' UNION ALL ' ORDER BY table_name)
                FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__ef_migrations_history'
                """,
                connection
            )
        )
        {
            query = (string)(await build.ExecuteScalarAsync())!;
        }

        var digests = new List<string>();
        await using var select = new NpgsqlCommand(query, connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            digests.Add($"{reader.GetString(0)}|{reader.GetString(1)}");
        }

        return digests;
    }

    private static string Folder() =>
        Path.Combine(Repository.Root(), "tests", "MakCrm.IntegrationTests", "Persistence", "BeforeBaseline");
}
