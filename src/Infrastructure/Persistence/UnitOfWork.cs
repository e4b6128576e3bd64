using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

// The scope's context is resolved at the first use, not at construction: the decorator that holds this unit of work
// runs every command, and a self-committing one (the bid) never begins it, so it need not rent a pooled context.
internal sealed class UnitOfWork(IServiceProvider scope) : IUnitOfWork
{
    private MakCrmDbContext Db => scope.GetRequiredService<MakCrmDbContext>();

    private EventOutbox Events => scope.GetRequiredService<EventOutbox>();

    public async Task<ITransactionScope> BeginAsync(CancellationToken cancellationToken)
    {
        // EF would wrap each SaveChanges in a savepoint (two more round trips) so that the transaction could go on after
        // a failed save; a unit of work never goes on: a failed save returns its error and the transaction rolls back.
        Db.Database.AutoSavepointsEnabled = false;
        Events.Forget();
        return new TransactionScope(Db, await Db.Database.BeginTransactionAsync(cancellationToken), scope.GetRequiredService<CurrentIdempotencyClaim>(), Events);
    }

    public async Task<Result<Unit>> SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Somebody else changed the row between our read and our write: the same answer as a stale If-Match.
            return new Error(
                ErrorCodes.PreconditionFailed,
                "The resource was changed by another request meanwhile. Read it again and reapply the change.",
                ErrorKind.PreconditionFailed);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent request created the same thing between our check and our insert; the checks before saving
            // give the specific answer in every other case.
            return new Error(
                ErrorCodes.Conflict,
                "A concurrent request created the same record meanwhile. Read the current state before retrying.",
                ErrorKind.Conflict);
        }
    }

    public void DiscardChanges()
    {
        Db.ChangeTracker.Clear();
        Events.Forget();
    }

    /// <summary>
    /// Commits, after writing the events the command raised (so they commit with its change or not at all); when the request holds an idempotency key, first marks the key committed in this same transaction, so
    /// that the change and the mark are one: a retry after a crash between the commit and storing the answer does not
    /// run the change again. A key that is no longer this request's (it ran past its lease and a retry took it over)
    /// rolls the change back.
    /// </summary>
    private sealed class TransactionScope(MakCrmDbContext db, IDbContextTransaction transaction, CurrentIdempotencyClaim claim, EventOutbox events) : ITransactionScope
    {
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await events.WriteRaisedAsync(cancellationToken);
            if (claim.Attempt is { } attempt
                && !await IdempotencyStore.MarkCommittedAsync(
                    (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), attempt, cancellationToken))
            {
                throw new IdempotencyClaimLostException(attempt);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
