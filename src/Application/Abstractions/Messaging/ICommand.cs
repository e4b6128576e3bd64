using MakCrm.Domain.Common;

namespace MakCrm.Application.Abstractions.Messaging;

/// <summary>A request that changes state. Commands run in one transaction (see <c>UnitOfWorkDecorator</c>).</summary>
public interface ICommand<TResult>;

public interface ICommandHandler<in TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken);
}
