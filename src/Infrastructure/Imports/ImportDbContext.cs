using MakCrm.Infrastructure.Persistence;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// The scope's DbContext lent to a sink that writes through EF: it works on the runner's connection and, for each
/// batch, inside the runner's transaction, so what the batch writes commits with the import's progress or not at all.
/// The context is pooled, so <see cref="Dispose"/> gives it a connection of its own again before the scope returns it
/// (this is made after the context, so the scope disposes it first); the runner's connection is left alone.
/// </summary>
[Scoped]
internal sealed class ImportDbContext(MakCrmDbContext db, NpgsqlDataSource dataSource) : IDisposable
{
    private bool _borrowedConnection;

    /// <summary>Works on the runner's connection. A save rarely fails, as rows are checked before they are added; when
    /// the database does refuse a row, the batch fails and the runner commits it again row by row, which finds that
    /// row. Savepoints around every row would only cost round trips.</summary>
    public void Borrow(NpgsqlConnection connection)
    {
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        _borrowedConnection = true;
        db.Database.AutoSavepointsEnabled = false;
    }

    /// <summary>Runs <paramref name="write"/> inside the batch's transaction, with an empty change tracker after.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(
        NpgsqlTransaction transaction,
        Func<Task<T>> write,
        CancellationToken cancellationToken
    )
    {
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            db.ChangeTracker.Clear();
            await db.Database.UseTransactionAsync(null, cancellationToken);
        }
    }

    public void Dispose()
    {
        if (_borrowedConnection)
        {
            db.Database.SetDbConnection(dataSource.CreateConnection(), contextOwnsConnection: true);
            _borrowedConnection = false;
        }
    }
}
