using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Common;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Reminders;

/// <summary>
/// Claims one batch of due task reminders and delivers them as notifications, in one transaction. The rows are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>, so dispatchers of several API instances over one database never
/// take the same task; the notification and the task's <c>reminder_sent_at</c> commit together, so a reminder is
/// either sent once or (after a failure) still due for the next attempt.
/// </summary>
public sealed class TaskReminderDispatcher(
    MakCrmDbContext db,
    INotificationOutbox outbox,
    TimeProvider clock,
    IOptions<ReminderOptions> options)
{
    /// <returns>How many reminders were delivered; fewer than the batch size means none are left due.</returns>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var batchSize = Math.Max(1, options.Value.BatchSize);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Tasks
            .FromSql($"""
                SELECT * FROM tasks
                WHERE reminder_sent_at IS NULL AND done_at IS NULL AND deleted_at IS NULL
                  AND COALESCE(remind_at, due_at) <= {now}
                ORDER BY COALESCE(remind_at, due_at), id
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        foreach (var task in due)
        {
            task.MarkReminderSent(now);
            outbox.Add(new NotificationDraft(
                task.AssigneeUserId,
                task.OrganizationId,
                NotificationKind.TaskReminder,
                $"Напоминание: {task.Title}",
                $"Срок: {task.DueAt:yyyy-MM-dd HH:mm} UTC",
                NotificationSubjectType.Task,
                task.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return due.Count;
    }
}
