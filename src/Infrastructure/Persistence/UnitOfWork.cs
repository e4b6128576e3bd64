using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// A command's transaction. Without an idempotency key it is a transaction of its own, committed by the command. With
/// one, the request's first unit of work begins the transaction, claims the key in it (one round trip, with the
/// savepoint), and every unit of work of the request is a savepoint in that transaction: its commit keeps its changes
/// for the request's one commit, which the idempotency middleware makes with the answer (ADR 0034); a unit of work that
/// fails rolls back to its savepoint, so the claim stays and the refusal is stored with it.
/// </summary>
// The scope's context is resolved at the first use, not at construction: the decorator that holds this unit of work
// runs every command, and one that commits in its own batch (the bid) never begins it, so it need not rent a pooled
// context.
internal sealed class UnitOfWork(IServiceProvider scope) : IUnitOfWork
{
    private readonly List<Func<Task>> _undoOnRollback = [];
    private readonly List<Func<Task>> _afterCommit = [];

    private MakCrmDbContext Db => scope.GetRequiredService<MakCrmDbContext>();

    private EventOutbox Events => scope.GetRequiredService<EventOutbox>();

    public async Task<ITransactionScope> BeginAsync(CancellationToken cancellationToken)
    {
        // EF would wrap each SaveChanges in a savepoint (two more round trips) so that the transaction could go on
        // after
        // a failed save; a unit of work never goes on: a failed save returns its error and the transaction rolls back.
        Db.Database.AutoSavepointsEnabled = false;
        Events.Forget();
        _undoOnRollback.Clear();
        _afterCommit.Clear();
        var request = scope.GetRequiredService<IdempotentRequest>();
        if (request.Key is not { } key)
        {
            return new TransactionScope(this, await Db.Database.BeginTransactionAsync(cancellationToken));
        }

        if (request.Transaction is null)
        {
            await ClaimAsync(request, key, cancellationToken);
        }
        else
        {
            await SendAsync($"SAVEPOINT {IdempotencyStore.UnitOfWorkSavepoint}", cancellationToken);
        }

        return new SavepointScope(this, request);
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
                ErrorKind.PreconditionFailed
            );
        }
        catch (DbUpdateException exception)
            when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent request created the same thing between our check and our insert; the checks before saving
            // give the specific answer in every other case.
            return new Error(
                ErrorCodes.Conflict,
                "A concurrent request created the same record meanwhile. Read the current state before retrying.",
                ErrorKind.Conflict
            );
        }
    }

    public void DiscardChanges()
    {
        Db.ChangeTracker.Clear();
        Events.Forget();
    }

    public void UndoOnRollback(Func<Task> undo) => _undoOnRollback.Add(undo);

    public void AfterCommit(Func<Task> effect) => _afterCommit.Add(effect);

    // The first unit of work of a keyed request: the transaction begins and the key is claimed in it (the savepoint
    // set in the same round trip). A key that is not this request's ends the request with what the key holds.
    private async Task ClaimAsync(IdempotentRequest request, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        IdempotencyOutcome? taken;
        try
        {
            taken = await scope
                .GetRequiredService<IdempotencyStore>()
                .ClaimAsync(
                    (NpgsqlConnection)Db.Database.GetDbConnection(),
                    (NpgsqlTransaction)transaction.GetDbTransaction(),
                    key,
                    cancellationToken
                );
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }

        if (taken is not null)
        {
            await transaction.DisposeAsync();
            throw new IdempotencyKeyTakenException(taken);
        }

        request.Transaction = transaction;
    }

    private async Task SendAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)Db.Database.GetDbConnection());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task UndoAsync()
    {
        _afterCommit.Clear();
        var undo = _undoOnRollback.ToList();
        _undoOnRollback.Clear();
        foreach (var action in undo)
        {
            await action();
        }
    }

    /// <summary>
    /// A transaction of its own: committed after the events the command raised are written, then the effects that
    /// follow the commit run; else rolled back, and the effects outside the database undone.
    /// </summary>
    private sealed class TransactionScope(UnitOfWork unitOfWork, IDbContextTransaction transaction) : ITransactionScope
    {
        private bool _committed;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await unitOfWork.Events.WriteRaisedAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _committed = true;
            unitOfWork._undoOnRollback.Clear();
            var effects = unitOfWork._afterCommit.ToList();
            unitOfWork._afterCommit.Clear();
            foreach (var effect in effects)
            {
                await effect();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            if (!_committed)
            {
                await unitOfWork.UndoAsync();
            }
        }
    }

    /// <summary>
    /// A unit of work inside a keyed request's transaction: its commit writes the events it raised and leaves the rest
    /// to the request's commit; without a commit it rolls back to its savepoint (the claim stays) and forgets what it
    /// tracked and raised.
    /// </summary>
    private sealed class SavepointScope(UnitOfWork unitOfWork, IdempotentRequest request) : ITransactionScope
    {
        private bool _committed;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await unitOfWork.Events.WriteRaisedAsync(cancellationToken);
            _committed = true;

            // What is to be undone if the request's transaction does not commit, and what follows its commit, is the
            // request's from now on.
            foreach (var undo in unitOfWork._undoOnRollback)
            {
                request.UndoOnRollback(undo);
            }

            foreach (var effect in unitOfWork._afterCommit)
            {
                request.AfterCommit(effect);
            }

            unitOfWork._undoOnRollback.Clear();
            unitOfWork._afterCommit.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            if (_committed || request.Transaction is null)
            {
                return;
            }

            // A connection that broke (the server restarting) took its transaction with it: there is no savepoint
            // left to roll back to, and the failure that broke it is the one the request answers (a 503).
            if (unitOfWork.Db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                await unitOfWork.SendAsync(
                    $"ROLLBACK TO SAVEPOINT {IdempotencyStore.UnitOfWorkSavepoint}",
                    CancellationToken.None
                );
            }

            unitOfWork.DiscardChanges();
            await unitOfWork.UndoAsync();
        }
    }
}
