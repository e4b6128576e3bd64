using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Tasks;

/// <summary>Marks a task done; a task already done is answered as it is (the request is idempotent).</summary>
public sealed record CompleteTaskCommand(Guid Id) : ICommand<TaskDto>;

internal sealed class CompleteTaskHandler(
    ITaskRepository tasks,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CompleteTaskCommand, TaskDto>
{
    public async Task<Result<TaskDto>> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await tasks.FindAsync(command.Id, DataScope.For(actor, Permissions.TasksReadAll), cancellationToken);
        if (task is null)
        {
            return Error.NotFound("Task", command.Id);
        }

        var wasDone = task.IsDone;
        task.Complete(actor.UserId, clock.UtcNowMicroseconds());
        var dto = TaskDto.From(task);
        if (!wasDone)
        {
            events.Raise(EventPayloads.TaskCompleted, task.OrganizationId, task.Id, dto);
        }

        return dto;
    }
}
