using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Common;
using MakCrm.Application.Tasks;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Reminders;

/// <summary>
/// Claims one batch of due task reminders (or of tasks that became overdue) and delivers them as notifications, in one
/// transaction. The rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so dispatchers of several API instances over
/// one database never take the same task; the notification and the task's mark (<c>reminder_sent_at</c>,
/// <c>overdue_notified_for</c>) commit together, so a notice is either sent once or (after a failure) still due for
/// the next attempt. A task that became overdue raises <c>task.overdue</c> in the same transaction.
/// </summary>
[Scoped]
public sealed class TaskReminderDispatcher(
    MakCrmDbContext db,
    INotificationOutbox outbox,
    IEventOutbox events,
    IEventWriter eventWriter,
    TimeProvider clock,
    IOptions<ReminderOptions> options
)
{
    /// <returns>How many reminders were delivered; fewer than the batch size means none are left due.</returns>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var batchSize = Math.Max(1, options.Value.BatchSize);
        return await DeliverAsync(
            db.Set<CrmTask>()
                .FromSql(
                    $"""
                    SELECT * FROM tasks
                    WHERE reminder_sent_at IS NULL AND done_at IS NULL AND deleted_at IS NULL
                      AND COALESCE(remind_at, due_at) <= {now}
                    ORDER BY COALESCE(remind_at, due_at), id
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED
                    """
                ),
            task =>
            {
                task.MarkReminderSent(now);
                return TaskNotices.Reminder(task);
            },
            cancellationToken
        );
    }

    /// <summary>
    /// Tells the assignees of open tasks whose due time has passed, once per task and due time: a task is claimed while
    /// <c>overdue_notified_for</c> is not its due time, and the mark sets it to that due time (moving the due time
    /// later makes it claimable again when the new time passes).
    /// </summary>
    /// <returns>How many were delivered; fewer than the batch size means none are left due.</returns>
    public async Task<int> DeliverOverdueBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var batchSize = Math.Max(1, options.Value.BatchSize);
        return await DeliverAsync(
            db.Set<CrmTask>()
                .FromSql(
                    $"""
                    SELECT * FROM tasks
                    WHERE done_at IS NULL AND deleted_at IS NULL
                      AND due_at <= {now} AND overdue_notified_for IS DISTINCT FROM due_at
                    ORDER BY due_at, id
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED
                    """
                ),
            task =>
            {
                task.MarkOverdueNotified(now);
                events.Raise(EventPayloads.TaskOverdue, task.OrganizationId, task.Id, TaskDto.From(task));
                return TaskNotices.Overdue(task);
            },
            cancellationToken
        );
    }

    private async Task<int> DeliverAsync(
        IQueryable<CrmTask> claim,
        Func<CrmTask, NotificationDraft> mark,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await claim.IgnoreQueryFilters().ToListAsync(cancellationToken);
        await outbox.AddAsync([.. due.Select(mark)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await eventWriter.WriteRaisedAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return due.Count;
    }
}
