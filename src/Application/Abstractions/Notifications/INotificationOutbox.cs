using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Abstractions.Notifications;

/// <summary>
/// Notifies a user from inside a command: the notification is written by the command's own unit of work, so it
/// exists exactly when the change that caused it commits (no separate save, nothing sent for a rolled-back change).
/// </summary>
public interface INotificationOutbox
{
    void Add(NotificationDraft draft);
}

/// <summary>What a feature wants to tell a user; the outbox stamps the id and the time.</summary>
public sealed record NotificationDraft(
    Guid RecipientUserId,
    Guid OrganizationId,
    NotificationKind Kind,
    string Title,
    string? Body = null,
    NotificationSubjectType? SubjectType = null,
    Guid? SubjectId = null);
