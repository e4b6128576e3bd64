using MakCrm.Application.Notifications;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Abstractions.Persistence;

public interface INotificationRepository
{
    void Add(Notification notification);

    /// <summary>The recipient's notification, tracked; <c>null</c> when it does not exist or is someone
    /// else's.</summary>
    Task<Notification?> FindAsync(Guid id, Guid recipientUserId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contracts.Notification>> ListAsync(
        NotificationListCriteria criteria,
        CancellationToken cancellationToken
    );

    Task<int> CountUnreadAsync(Guid recipientUserId, CancellationToken cancellationToken);

    /// <summary>Marks every unread notification of the recipient read; returns how many.</summary>
    Task<int> MarkAllReadAsync(Guid recipientUserId, DateTimeOffset now, CancellationToken cancellationToken);
}
