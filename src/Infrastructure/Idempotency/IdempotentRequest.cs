using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MakCrm.Infrastructure.Idempotency;

/// <summary>
/// A request's <c>Idempotency-Key</c>: whose it is (<c>user:&lt;id&gt;</c>, <c>client:&lt;id&gt;</c> or
/// <c>anonymous</c>), the key, the hash of the request it came with, and the request's trace id (kept with a stored
/// reference, so that a refusal rendered again names the first request's trace).
/// </summary>
public sealed record IdempotencyKey(string Scope, string Key, byte[] RequestHash, string TraceId);

/// <summary>
/// The idempotency key of the current request (a DI scope), and where its claim lives. The key is claimed by the first
/// thing that writes: the first unit of work claims it in the transaction it begins, which then stays open for the
/// whole request and commits once with the answer (<see cref="IdempotencyStore"/>); the bid claims it in its own
/// statement batch and stores its answer's reference there. A request that writes nothing (refused before any unit of
/// work) has its answer stored with its claim in one statement when it ends.
/// </summary>
[Scoped]
public sealed class IdempotentRequest
{
    private readonly List<Func<Task>> _undoOnRollback = [];
    private readonly List<Func<Task>> _afterCommit = [];

    /// <summary>The request's key, or null when it sent none (or the operation takes none).</summary>
    public IdempotencyKey? Key { get; private set; }

    /// <summary>
    /// The transaction that holds the claim, from the first unit of work's claim until the answer is stored with the
    /// commit; each unit of work of the request is a savepoint in it.
    /// </summary>
    internal IDbContextTransaction? Transaction { get; set; }

    /// <summary>The claim and the answer's reference were written by the operation's own statement batch (the
    /// bid).</summary>
    public bool ClaimedByBatch { get; internal set; }

    /// <summary>The operation answered again from the reference the first request stored (the bid).</summary>
    public bool Replayed { get; internal set; }

    /// <summary>The first request's trace id, when this one is answered again from a stored reference.</summary>
    public string? ReplayedTraceId { get; internal set; }

    /// <summary>Whether the key was claimed, so that the answer goes with the claim rather than in a statement of its
    /// own.</summary>
    public bool Claimed => Transaction is not null || ClaimedByBatch;

    public void Begin(IdempotencyKey key) => Key = key;

    /// <summary>Undoes an effect outside the database (a stored file) if the request's transaction does not
    /// commit.</summary>
    internal void UndoOnRollback(Func<Task> undo) => _undoOnRollback.Add(undo);

    /// <summary>Runs an effect outside the database (removing a deleted file) once the request's transaction commits.
    /// </summary>
    internal void AfterCommit(Func<Task> effect) => _afterCommit.Add(effect);

    /// <summary>Rolls the request's transaction back, claim and change alike, and undoes what was registered for
    /// it.</summary>
    public async Task RollbackAsync()
    {
        if (Transaction is not { } transaction)
        {
            return;
        }

        Transaction = null;
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            await UndoAsync();
        }
    }

    /// <summary>
    /// Commits the request's transaction with its answer (<see cref="IdempotencyStore.CommitWithAnswerAsync"/>), then
    /// runs the effects that wait for the commit.
    /// </summary>
    public async Task CommitWithAnswerAsync(
        IdempotencyStore store,
        int status,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        CancellationToken cancellationToken
    )
    {
        var transaction = Transaction ?? throw new InvalidOperationException("The request holds no transaction.");
        await store.CommitWithAnswerAsync(
            (NpgsqlTransaction)transaction.GetDbTransaction(),
            Key!,
            status,
            headers,
            body,
            cancellationToken
        );
        Transaction = null;
        _undoOnRollback.Clear();
        await transaction.DisposeAsync();
        var effects = _afterCommit.ToList();
        _afterCommit.Clear();
        foreach (var effect in effects)
        {
            await effect();
        }
    }

    private async Task UndoAsync()
    {
        _afterCommit.Clear();
        foreach (var undo in _undoOnRollback)
        {
            await undo();
        }

        _undoOnRollback.Clear();
    }
}

/// <summary>
/// The key was not this request's to claim: it was answered before (<see cref="IdempotencyOutcome.Replay"/>), it came
/// with another request (<see cref="IdempotencyOutcome.Mismatch"/>), or the request that holds it did not finish within
/// the wait (<see cref="IdempotencyOutcome.InUse"/>). Nothing of this request was written; the idempotency middleware
/// answers with the outcome.
/// </summary>
public sealed class IdempotencyKeyTakenException(IdempotencyOutcome outcome)
    : Exception("The request's idempotency key was claimed by another request.")
{
    public IdempotencyOutcome Outcome { get; } = outcome;
}
