namespace MakCrm.Application.Notifications;

/// <summary>
/// A notification to be delivered by the messenger bot (<c>notification.telegram</c>, <c>notification.whatsapp</c>):
/// the notification as the API answers it and its recipient.
/// </summary>
public sealed record MessengerNotificationDto(Contracts.Notification Notification, Guid UserId)
    : IAnswersAs<Contracts.TelegramNotification>
{
    /// <summary>
    /// The payload of <c>notification.telegram</c> and <c>notification.whatsapp</c>: the notification as the API
    /// answers it, and its recipient (the contract's name for it is older than the WhatsApp channel).
    /// </summary>
    public Contracts.TelegramNotification ToRecord() =>
        new(
            Notification.Id,
            Notification.Kind,
            Notification.Title,
            Notification.Body,
            Notification.SubjectType,
            Notification.SubjectId,
            Notification.CreatedAt,
            Notification.ReadAt,
            UserId
        );
}
