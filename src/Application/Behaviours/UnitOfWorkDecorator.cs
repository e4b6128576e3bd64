using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Behaviours;

/// <summary>
/// Runs a command in one transaction: its changes are saved and committed only when the handler succeeds, so a
/// failure half-way leaves nothing half-written. Handlers never call SaveChanges themselves.
/// </summary>
internal sealed class UnitOfWorkDecorator<TCommand, TResult>(
    ICommandHandler<TCommand, TResult> inner,
    IUnitOfWork unitOfWork) : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    public async Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken)
    {
        if (command is ISelfCommittingCommand)
        {
            return await inner.Handle(command, cancellationToken);
        }

        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var result = await inner.Handle(command, cancellationToken);
        if (!result.IsSuccess)
        {
            return result;
        }

        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved.Error!;
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
