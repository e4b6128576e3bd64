using MakCrm.Domain.Access;

namespace MakCrm.Application.Tasks;

public sealed record DeleteTaskCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DeleteTaskHandler(ITaskRepository tasks, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<DeleteTaskCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await tasks.FindAsync(command.Id, DataScope.For(actor, Permissions.TasksReadAll), cancellationToken);
        if (task is null)
        {
            return Error.NotFound("Task", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(task.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        task.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}
