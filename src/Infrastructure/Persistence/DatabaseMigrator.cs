using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Applies pending EF Core migrations, creating the database first when it does not exist yet. A database that the
/// migrations folded into the baseline brought to their end is the baseline's (ADR 0035): it is recorded as such, so
/// a developer's database of that time goes on; one they left half-way is refused with what to do.
/// </summary>
[Scoped]
public sealed partial class DatabaseMigrator(
    DbContextOptions<MakCrmDbContext> options,
    ILogger<DatabaseMigrator> logger
)
{
    /// <summary>The last of the migrations the baseline replaces: a database at it has the baseline's schema and
    /// data.</summary>
    public const string LastBeforeBaseline = "20261126091119_IdempotencyKeysCommitWithTheChange";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // On a new database EF Core finds out what is missing by trying: it connects to a database that does not
        // exist yet and reads a history table that does not exist yet, and logs each try as an error. Those tries
        // are expected here, so they log at Debug; a migration that really fails still throws and stops the host.
        var quiet = new DbContextOptionsBuilder<MakCrmDbContext>(options)
            .ConfigureWarnings(w =>
                w.Log(
                    (RelationalEventId.ConnectionError, LogLevel.Debug),
                    (RelationalEventId.CommandError, LogLevel.Debug)
                )
            )
            .Options;
        await using var db = new MakCrmDbContext(quiet);
        // One connection throughout, opened here, so that the timeouts the migrations set are reset on it below.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await RecordTheBaselineAsync(db, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            Migrated(logger, pending.Count, string.Join(", ", pending));
        }
        finally
        {
            await ResetTimeoutsAsync(db);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Every migration sets the session's lock and statement timeouts (<see cref="TimeBoundMigrationsSqlGenerator"/>);
    /// the pool keeps sessions as they are (no reset on close), so they are set back before the connection is
    /// returned, and the API's requests never run under a migration's limits.
    /// </summary>
    private static async Task ResetTimeoutsAsync(MakCrmDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return; // broken: the pool discards it
        }

        await using var reset = connection.CreateCommand();
        reset.CommandText = "RESET lock_timeout; RESET statement_timeout";
        await reset.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static async Task RecordTheBaselineAsync(MakCrmDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return;
        }

        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var unknown = applied.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        if (!unknown.Contains(LastBeforeBaseline) || applied.Any(known.Contains))
        {
            throw new InvalidOperationException(
                $"The database was made by migrations this version does not have ({unknown[^1]}, ...), and is not at "
                    + $"the end of "
                    + "those the baseline replaced (ADR 0035). Make it again from nothing: drop it and start the API."
            );
        }

        var baseline = known.Order(StringComparer.Ordinal).First();
        var productVersion = typeof(DbContext).Assembly.GetName().Version!.ToString(3);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO __ef_migrations_history ("MigrationId", "ProductVersion") VALUES ({baseline}, {productVersion})
            """,
            cancellationToken
        );
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Database is up to date; applied {Count} migration(s): {Migrations}"
    )]
    private static partial void Migrated(ILogger logger, int count, string migrations);
}
