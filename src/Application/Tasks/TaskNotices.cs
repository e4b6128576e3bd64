using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Tasks;

/// <summary>What a task's assignee is told when its time comes: always the assignee, whoever made the task.</summary>
public static class TaskNotices
{
    public static NotificationDraft Reminder(CrmTask task) =>
        new(
            task.AssigneeUserId,
            task.OrganizationId,
            NotificationKind.TaskReminder,
            $"Напоминание: {task.Title}",
            $"Срок: {task.DueAt:yyyy-MM-dd HH:mm} UTC",
            NotificationSubjectType.Task,
            task.Id
        );

    public static NotificationDraft Overdue(CrmTask task) =>
        new(
            task.AssigneeUserId,
            task.OrganizationId,
            NotificationKind.TaskOverdue,
            $"Задача просрочена: {task.Title}",
            $"Срок истёк {task.DueAt:yyyy-MM-dd HH:mm} UTC, задача не выполнена.",
            NotificationSubjectType.Task,
            task.Id
        );
}
