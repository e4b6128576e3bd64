namespace MakCrm.Application.Abstractions.Messaging;

/// <summary>A request that changes state. Commands run in one transaction (see <c>UnitOfWorkDecorator</c>).</summary>
public interface ICommand<TResult>;

public interface ICommandHandler<in TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken);
}

/// <summary>
/// A command whose whole effect is one statement batch that PostgreSQL runs as its own implicit transaction (the bid,
/// ADR 0008 and ADR 0038), so that no lock is held while the application prepares a next statement. The unit of work
/// does not wrap it. Every other command, one with effects outside the database included, goes through the unit of
/// work (<see cref="Persistence.IUnitOfWork.UndoOnRollback"/>, <see cref="Persistence.IUnitOfWork.AfterCommit"/>).
/// </summary>
public interface ICommitsInItsOwnBatch;

/// <summary>
/// A command whose success changes what the remembered standings say: it can take access away from users (a user
/// deactivated or given another role, an organization blocked, trashed or purged), or it renames a user, whose display
/// name the standing carries. Every instance hears of it from the database; after its commit the unit of work also
/// tells this instance at once (<see cref="Security.IRememberedStandings"/>), so that the very next request here is
/// refused, or names its actor anew.
/// </summary>
public interface IChangesStanding;
