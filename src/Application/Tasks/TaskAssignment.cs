using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Tasks;

/// <summary>The checks, the notification and the events that creating and changing tasks share.</summary>
internal sealed class TaskAssignment(
    SubjectRecords subjects,
    Assignees assignees,
    INotificationOutbox outbox,
    IEventOutbox events,
    ITaskRepository tasks,
    ICurrentActor actor
)
{
    /// <summary>The subject must be a client, lead or deal the caller can see.</summary>
    public async Task<Error?> CheckSubjectAsync(TaskSubjectType type, Guid id, CancellationToken cancellationToken) =>
        await subjects.OrganizationOfAsync(type, id, cancellationToken) is not null
            ? null
            : Error.Validation("subjectId", $"No {type.ToString().ToLowerInvariant()} has the id {id}.");

    /// <summary>
    /// The assignee is whom tasks may be given to (<see cref="Assignees"/>): a user of an organization the caller sees
    /// (head office, tasks.read.all: any) whose role lets them see tasks. The task then belongs to the assignee's
    /// organization, so that they see it.
    /// </summary>
    public Task<Result<ActiveUser>> FindAssigneeAsync(Guid userId, CancellationToken cancellationToken) =>
        assignees.FindAsync(userId, AssignedRecord.Task, null, "assigneeUserId", cancellationToken);

    /// <summary>
    /// A task a system makes (a stage trigger, an automation rule) for an assignee it chose, due in hours from now:
    /// added to the unit of work, its assignee told, its events raised.
    /// </summary>
    public async Task<Result<Unit>> AddSystemTaskAsync(
        ActiveUser assignee,
        TaskSubjectType subjectType,
        Guid subjectId,
        string title,
        int? dueInHours,
        DateTimeOffset now,
        Guid newId,
        CancellationToken cancellationToken
    )
    {
        var details = new TaskDetails(title, null, assignee.Id, now.AddHours(dueInHours ?? 0), null);
        var created = CrmTask.Create(
            newId,
            assignee.OrganizationId,
            subjectType,
            subjectId,
            details,
            actor.UserId,
            now
        );
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        tasks.Add(created.Value);
        await NotifyAssigneeAsync(created.Value, cancellationToken);
        RaiseCreated(created.Value);
        return Unit.Value;
    }

    /// <summary><c>task.created</c>, and <c>task.assigned</c> for its assignee (a task always has one).</summary>
    public void RaiseCreated(CrmTask task)
    {
        var dto = TaskDto.From(task);
        events.Raise(EventPayloads.TaskCreated, task.OrganizationId, task.Id, dto);
        events.Raise(EventPayloads.TaskAssigned, task.OrganizationId, task.Id, dto);
    }

    /// <summary><c>task.assigned</c>: the task has a new assignee.</summary>
    public void RaiseAssigned(CrmTask task) =>
        events.Raise(EventPayloads.TaskAssigned, task.OrganizationId, task.Id, TaskDto.From(task));

    /// <summary>Tells the assignee about a task somebody else gave them.</summary>
    public async Task NotifyAssigneeAsync(CrmTask task, CancellationToken cancellationToken)
    {
        if (task.AssigneeUserId == actor.UserId)
        {
            return;
        }

        await outbox.AddAsync(
            new NotificationDraft(
                task.AssigneeUserId,
                task.OrganizationId,
                NotificationKind.TaskAssigned,
                $"Новая задача: {task.Title}",
                $"Срок: {task.DueAt:yyyy-MM-dd HH:mm} UTC",
                NotificationSubjectType.Task,
                task.Id
            ),
            cancellationToken
        );
    }
}
