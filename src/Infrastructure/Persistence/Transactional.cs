using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>Raw Npgsql statements that must run inside the unit of work's transaction, on its connection.</summary>
internal static class Transactional
{
    /// <summary>The unit of work's connection, which is open while its transaction is.</summary>
    public static NpgsqlConnection Connection(MakCrmDbContext db, string what) =>
        db.Database.CurrentTransaction is null
            ? throw new InvalidOperationException(
                $"{what} must run inside the unit of work's transaction, or its locks would end at once."
            )
            : (NpgsqlConnection)db.Database.GetDbConnection();
}
