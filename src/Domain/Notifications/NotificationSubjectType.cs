namespace MakCrm.Domain.Notifications;

/// <summary>The record a notification is about, when it is about one.</summary>
public enum NotificationSubjectType
{
    Client,
    Lead,
    Deal,
    Task,
    Ticket,
    TrainingEvent,
    Invoice,
}
