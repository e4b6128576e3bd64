using MakCrm.Domain.Common;

namespace MakCrm.Application.Abstractions.Messaging;

/// <summary>A request that changes state. Commands run in one transaction (see <c>UnitOfWorkDecorator</c>).</summary>
public interface ICommand<TResult>;

public interface ICommandHandler<in TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken);
}

/// <summary>
/// A command whose handler writes everything in one database round trip that is its own transaction (the bid hot
/// path), so that no lock is held while the application prepares a next statement. The unit of work does not wrap it.
/// </summary>
public interface ISelfCommittingCommand;

/// <summary>
/// A command whose success changes what the remembered standings say: it can take access away from users (a user
/// deactivated or given another role, an organization blocked, trashed or purged), or it renames a user, whose display
/// name the standing carries. Every instance hears of it from the database; after its commit the unit of work also
/// tells this instance at once (<see cref="Security.IRememberedStandings"/>), so that the very next request here is
/// refused, or names its actor anew.
/// </summary>
public interface IChangesStanding;
