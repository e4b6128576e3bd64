using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MakCrm.IntegrationTests.Persistence;

/// <summary>
/// Every migration waits at most <see cref="TimeBoundMigrationsSqlGenerator.LockTimeout"/> for a lock: behind a long
/// transaction of a running instance it fails, leaves nothing applied and goes through when run again; and the
/// migrator gives its connection back to the pool (which does not reset sessions) without the migration's timeouts.
/// </summary>
public sealed class TimeBoundMigrationTests
{
    private const string Baseline = "20261126100155_Baseline";

    /// <summary>The migration after the baseline: it puts a trigger on <c>lead_statuses</c>, whose lock (SHARE ROW
    /// EXCLUSIVE) waits for any open transaction that wrote to that table.</summary>
    private const string OnLeadStatuses = "20261126112805_LeadStatusChangesNotifyEveryInstance";

    [Fact]
    public async Task A_migration_behind_a_held_lock_fails_after_the_lock_timeout_and_succeeds_when_run_again()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        // One pooled connection, kept as the API's pool keeps it (no reset on close), so the test sees what the
        // migrator left on it.
        var pooled = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            MaxPoolSize = 1,
            NoResetOnClose = true,
            ApplicationName = "mak-migration-test",
        }.ConnectionString;
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Baseline);
        }

        await using (var holder = new NpgsqlConnection(database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            // A running instance's transaction that wrote a status and has not committed yet.
            await using (
                var hold = new NpgsqlCommand("LOCK TABLE lead_statuses IN ROW EXCLUSIVE MODE", holder, transaction)
            )
            {
                await hold.ExecuteNonQueryAsync();
            }

            var started = DateTime.UtcNow;
            var migrate = () => Migrator(pooled).MigrateAsync(CancellationToken.None);

            // EF Core names a lock timeout a likely transient failure, around PostgreSQL's error.
            (await migrate.Should().ThrowAsync<InvalidOperationException>())
                .WithInnerException<PostgresException>()
                .Which.SqlState.Should()
                .Be(PostgresErrorCodes.LockNotAvailable);
            (DateTime.UtcNow - started)
                .Should()
                .BeGreaterThan(TimeSpan.FromSeconds(4))
                .And.BeLessThan(TimeSpan.FromSeconds(60));
            (await AppliedAsync(database)).Should().NotContain(OnLeadStatuses, "the failed migration rolled back");
        }

        await Migrator(pooled).MigrateAsync(CancellationToken.None);

        (await AppliedAsync(database)).Should().Contain(OnLeadStatuses);
        await using var after = new NpgsqlConnection(pooled);
        await after.OpenAsync();
        (await ShowAsync(after, "lock_timeout"))
            .Should()
            .Be("0", "the migrator resets the session before the pool has it");
        (await ShowAsync(after, "statement_timeout")).Should().Be("0");
    }

    [Fact]
    public void Every_migration_script_sets_both_timeouts_before_its_first_statement()
    {
        foreach (var (migration, script) in MigrationScripts.Generate())
        {
            var set = script.IndexOf(
                $"SET lock_timeout = '{TimeBoundMigrationsSqlGenerator.LockTimeout}';",
                StringComparison.Ordinal
            );
            set.Should().BeGreaterThan(-1, migration);
            script.Should().Contain($"SET statement_timeout = '{TimeBoundMigrationsSqlGenerator.StatementTimeout}';");
            // Only the history table's own creation (a script from nothing) may come before it.
            script[..set].Should().NotContainAny(["ALTER ", "CREATE INDEX", "CREATE EXTENSION", "DROP "]);
        }
    }

    private static DatabaseMigrator Migrator(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MakCrmDbContext>();
        MakCrm.Infrastructure.DependencyInjection.Configure(options, connectionString);
        return new DatabaseMigrator(options.Options, NullLogger<DatabaseMigrator>.Instance);
    }

    private static async Task<List<string>> AppliedAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return [.. await db.Database.GetAppliedMigrationsAsync()];
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection, string setting)
    {
        await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string?)await show.ExecuteScalarAsync();
    }
}
