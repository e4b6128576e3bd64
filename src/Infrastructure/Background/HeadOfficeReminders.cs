using MakCrm.Application.Notifications;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Background;

/// <summary>
/// One round of a deadline reminder: claims a batch of rows whose reminder is due with the caller's
/// <c>FOR UPDATE SKIP LOCKED</c> query (parameters: now, then the batch size), lets the caller mark each reminded and
/// word its reminder, sends that to head office's users, and commits the marks with the notifications in one
/// transaction. Workers of several API instances over one database never take the same row, and each reminder is sent
/// once, or after a failure is still due.
/// </summary>
internal static class HeadOfficeReminders
{
    /// <returns>How many rows were reminded of; fewer than <paramref name="take"/> means none are left due.</returns>
    public static async Task<int> RemindBatchAsync<TRow>(
        MakCrmDbContext db,
        OrganizationNotice notice,
        string dueSql,
        DateTimeOffset now,
        int take,
        Func<TRow, Reminder> remind,
        CancellationToken cancellationToken
    )
        where TRow : class
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Set<TRow>()
            .FromSqlRaw(dueSql, now, Math.Max(1, take))
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        foreach (var row in due)
        {
            var (title, body) = remind(row);
            await notice.SendAsync(
                Organization.HeadOfficeId,
                NotificationKind.Generic,
                title,
                body,
                null,
                mailedSeparately: false,
                cancellationToken
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return due.Count;
    }
}

/// <summary>What head office is told: the notification's title and text.</summary>
internal sealed record Reminder(string Title, string Body);
