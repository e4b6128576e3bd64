using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Auction;
using MakCrm.Application.Common;
using MakCrm.Domain.Auction;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Auction;

/// <summary>
/// Claims one open lot whose end has come and closes it, in one transaction. The claim is <c>FOR UPDATE SKIP
/// LOCKED</c>, so closers of several API instances never take the same lot, and a bid in flight on it (which holds
/// the same row lock) either commits before the claim or sees the lot closed; the lot's status and the unique index
/// on a lot's charge make a second close impossible. The events the close raised are written in the same transaction.
/// </summary>
[Scoped]
public sealed class LotCloser(MakCrmDbContext db, LotClosing closing, IEventWriter events, TimeProvider clock)
{
    private static readonly string DueSql = $$"""
        SELECT * FROM lots
        WHERE status = {{EnumLiterals.Of(LotStatus.Open)}} AND deleted_at IS NULL AND ends_at <= {0}
        ORDER BY ends_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
        """;

    /// <returns>Whether a lot was closed; <c>false</c> means none is due (or the due ones are being closed
    /// elsewhere).</returns>
    public async Task<bool> CloseNextAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Set<Lot>().FromSqlRaw(DueSql, now).IgnoreQueryFilters().ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return false;
        }

        var closed = await closing.CloseAsync(due[0], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await closing.RaiseClosedAsync(closed, cancellationToken);
        await events.WriteRaisedAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }
}
