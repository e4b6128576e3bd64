namespace MakCrm.Application.Behaviours;

/// <summary>
/// Runs a command in one transaction: its changes are saved and committed only when the handler succeeds, so a
/// failure half-way leaves nothing half-written. Handlers never call SaveChanges themselves.
/// <para>
/// A save that loses an optimistic-concurrency race (another request changed a row it read, and committed first)
/// rolls back, forgets everything the attempt tracked and runs the handler again in a new transaction, which reads
/// the committed state: the command is answered as it would have been had it arrived just after the winner — an
/// idempotent one succeeds, a decision already taken is refused by the entity's own rule, and a request that sent
/// <c>If-Match</c> gets its 412 from the handler's version check, its version being stale now. What an attempt added
/// (notifications, audit lines, ledger entries) was in its rolled-back transaction and tracked state, so it is not
/// written twice. Only after <see cref="MaxAttempts"/> lost races is the 412 returned.
/// </para>
/// <para>After the commit of a command that <see cref="IChangesStanding"/>, this instance forgets the standings it
/// remembered.</para>
/// </summary>
internal sealed class UnitOfWorkDecorator<TCommand, TResult>(
    ICommandHandler<TCommand, TResult> inner,
    IUnitOfWork unitOfWork,
    IRememberedStandings standings
) : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    /// <summary>How many times a command is run in all while its saves keep losing races.</summary>
    internal const int MaxAttempts = 3;

    public async Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken)
    {
        if (command is ICommitsInItsOwnBatch)
        {
            return await inner.Handle(command, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            var (result, lostRace) = await AttemptAsync(command, cancellationToken);
            if (!lostRace || attempt == MaxAttempts)
            {
                return result;
            }

            unitOfWork.DiscardChanges();
        }
    }

    /// <summary>One run of the handler in a transaction of its own, rolled back unless the run is saved and
    /// committed.</summary>
    private async Task<(Result<TResult> Result, bool LostRace)> AttemptAsync(
        TCommand command,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var result = await inner.Handle(command, cancellationToken);
        if (!result.IsSuccess)
        {
            return (result, false);
        }

        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        if (!saved.IsSuccess)
        {
            return (saved.Error!, saved.Error!.Kind == ErrorKind.PreconditionFailed);
        }

        await transaction.CommitAsync(cancellationToken);
        if (command is IChangesStanding)
        {
            standings.Forget();
        }

        return (result, false);
    }
}
