using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MakCrm.Infrastructure.Persistence.RawSql;

/// <summary>
/// The one place PostgreSQL advisory locks are written. Every lock is transaction-scoped (the commit or rollback
/// releases it) and, but for a fixed number, keyed by a text that <c>hashtextextended(key, 0)</c> turns into the lock's
/// number: a collision only makes two unrelated holders wait for each other. Statements built by hand (a batch, the
/// bid's) take the lock as a SQL fragment from here; code on the unit of work's DbContext takes it through the methods.
/// The one session-scoped lock is for work that cannot run in a transaction (<see cref="TrySession"/>).
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>The lock number of a text key: <paramref name="keySql"/> is a SQL expression of type text.</summary>
    public static string Number(string keySql) => $"hashtextextended({keySql}, 0)";

    /// <summary>Takes the lock of a number: <paramref name="numberSql"/> is a SQL expression of type bigint.</summary>
    public static string OnNumber(string numberSql) => $"pg_advisory_xact_lock({numberSql})";

    /// <summary>Takes the exclusive lock of a text key (a SQL expression).</summary>
    public static string Exclusive(string keySql) => OnNumber(Number(keySql));

    /// <summary>Takes the shared lock of a text key (a SQL expression): shared holders do not wait for each other.
    /// </summary>
    public static string Shared(string keySql) => $"pg_advisory_xact_lock_shared({Number(keySql)})";

    /// <summary>Tries the exclusive session-scoped lock of a text key (a SQL expression), for work that runs outside a
    /// transaction (<c>CREATE INDEX CONCURRENTLY</c>): true when taken; released by <see cref="SessionUnlock"/> or the
    /// connection's end.</summary>
    public static string TrySession(string keySql) => $"pg_try_advisory_lock({Number(keySql)})";

    public static string SessionUnlock(string keySql) => $"pg_advisory_unlock({Number(keySql)})";

    /// <summary>Takes the exclusive lock of <paramref name="key"/> in the context's current transaction.</summary>
    public static Task LockAsync(DatabaseFacade database, string key, CancellationToken cancellationToken) =>
        database.ExecuteSqlAsync(FormattableStringFactory.Create($"SELECT {Exclusive("{0}")}", key), cancellationToken);

    /// <summary>Takes the shared lock of <paramref name="key"/> in the context's current transaction.</summary>
    public static Task LockSharedAsync(DatabaseFacade database, string key, CancellationToken cancellationToken) =>
        database.ExecuteSqlAsync(FormattableStringFactory.Create($"SELECT {Shared("{0}")}", key), cancellationToken);

    /// <summary>Takes the exclusive lock of a fixed number in the context's current transaction.</summary>
    public static Task LockAsync(DatabaseFacade database, long number, CancellationToken cancellationToken) =>
        database.ExecuteSqlAsync(
            FormattableStringFactory.Create($"SELECT {OnNumber("{0}")}", number),
            cancellationToken
        );

    /// <summary>
    /// The keys in the order their locks are taken when several are held at once: ascending lock number, the database's
    /// order, so that every writer agrees on it (ADR 0011's lock order).
    /// </summary>
    public static Task<string[]> InLockOrderAsync(
        DatabaseFacade database,
        string[] keys,
        CancellationToken cancellationToken
    ) =>
        database
            .SqlQuery<string>(
                FormattableStringFactory.Create(
                    $"SELECT k AS \"Value\" FROM unnest({{0}}) AS k ORDER BY {Number("k")}",
                    [keys]
                )
            )
            .ToArrayAsync(cancellationToken);
}
