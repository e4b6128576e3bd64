namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>One database transaction around a command; changes become visible together or not at all.</summary>
public interface IUnitOfWork
{
    Task<ITransactionScope> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the tracked changes. A lost optimistic-concurrency race comes back as a 412 error (kind
    /// <see cref="ErrorKind.PreconditionFailed"/>, and only that), not as an exception.
    /// </summary>
    Task<Result<Unit>> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets every entity read, added or changed so far, once their transaction has rolled back, so that the command
    /// can run again from the committed state.
    /// </summary>
    void DiscardChanges();

    /// <summary>
    /// Undoes an effect outside the database (a file put in the document store) when the unit of work's changes end up
    /// not committed: its transaction rolls back, or the request's transaction it is part of does (a keyed request
    /// commits once, with its answer).
    /// </summary>
    void UndoOnRollback(Func<Task> undo);

    /// <summary>
    /// Runs an effect outside the database (removing a deleted document's bytes, stopping a webhook whose receiver is
    /// gone) once the unit of work's changes are committed for good: after its transaction commits, or, in a keyed
    /// request, after the request's transaction commits with its answer. Not run when they roll back.
    /// </summary>
    void AfterCommit(Func<Task> effect);
}

public interface ITransactionScope : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}
