using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Notifications;
using MakCrm.Domain.Notifications;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class NotificationRepository(MakCrmDbContext db) : INotificationRepository
{
    private static readonly Expression<Func<Notification, Contracts.Notification>> ToDto =
        n => new Contracts.Notification(
            n.Id,
            n.Kind,
            n.Title,
            n.Body,
            n.SubjectType,
            n.SubjectId,
            n.CreatedAt,
            n.ReadAt
        );

    public void Add(Notification notification) => db.Set<Notification>().Add(notification);

    public Task<Notification?> FindAsync(Guid id, Guid recipientUserId, CancellationToken cancellationToken) =>
        db.Set<Notification>()
            .FirstOrDefaultAsync(n => n.Id == id && n.RecipientUserId == recipientUserId, cancellationToken);

    public async Task<IReadOnlyList<Contracts.Notification>> ListAsync(
        NotificationListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<Notification>().AsNoTracking().Where(n => n.RecipientUserId == criteria.RecipientUserId);
        if (criteria.Unread is { } unread)
        {
            query = unread ? query.Where(n => n.ReadAt == null) : query.Where(n => n.ReadAt != null);
        }

        return await query
            .Page(n => n.CreatedAt, n => n.Id, criteria.Sort.Descending, criteria.After, criteria.Take)
            .Select(ToDto)
            .ToListAsync(cancellationToken);
    }

    public Task<int> CountUnreadAsync(Guid recipientUserId, CancellationToken cancellationToken) =>
        db.Set<Notification>()
            .CountAsync(n => n.RecipientUserId == recipientUserId && n.ReadAt == null, cancellationToken);

    public Task<int> MarkAllReadAsync(Guid recipientUserId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<Notification>()
            .Where(n => n.RecipientUserId == recipientUserId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
}
