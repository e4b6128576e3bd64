using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Notifications;

namespace MakCrm.Infrastructure.Notifications;

/// <summary>Adds the notification to the request's DbContext: the unit of work saves it with the change that caused it.</summary>
internal sealed class NotificationOutbox(INotificationRepository notifications, TimeProvider clock) : INotificationOutbox
{
    public void Add(NotificationDraft draft) => notifications.Add(Notification.Create(
        clock.NewId(),
        draft.RecipientUserId,
        draft.OrganizationId,
        draft.Kind,
        draft.Title,
        draft.Body,
        draft.SubjectType,
        draft.SubjectId,
        clock.UtcNowMicroseconds()));
}
