using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>Applies pending EF Core migrations, creating the database when it does not exist yet.</summary>
public sealed partial class DatabaseMigrator(MakCrmDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        Migrated(logger, pending.Count, string.Join(", ", pending));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date; applied {Count} migration(s): {Migrations}")]
    private static partial void Migrated(ILogger logger, int count, string migrations);
}
