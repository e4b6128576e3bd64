using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>Applies pending EF Core migrations, creating the database first when it does not exist yet.</summary>
public sealed partial class DatabaseMigrator(DbContextOptions<MakCrmDbContext> options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // On a new database EF Core finds out what is missing by trying: it connects to a database that does not
        // exist yet and reads a history table that does not exist yet, and logs each try as an error. Those tries
        // are expected here, so they log at Debug; a migration that really fails still throws and stops the host.
        var quiet = new DbContextOptionsBuilder<MakCrmDbContext>(options)
            .ConfigureWarnings(w => w.Log((RelationalEventId.ConnectionError, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)))
            .Options;
        await using var db = new MakCrmDbContext(quiet);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        Migrated(logger, pending.Count, string.Join(", ", pending));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date; applied {Count} migration(s): {Migrations}")]
    private static partial void Migrated(ILogger logger, int count, string migrations);
}
