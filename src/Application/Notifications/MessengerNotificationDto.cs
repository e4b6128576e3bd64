namespace MakCrm.Application.Notifications;

/// <summary>
/// A notification to be delivered by the messenger bot (<c>notification.telegram</c>, <c>notification.whatsapp</c>):
/// the notification as the API answers it and its recipient.
/// </summary>
public sealed record MessengerNotificationDto(Contracts.Notification Notification, Guid UserId);
