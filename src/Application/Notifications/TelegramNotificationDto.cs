namespace MakCrm.Application.Notifications;

/// <summary>A notification to be delivered by the Telegram bot: the notification as the API answers it and its recipient.</summary>
public sealed record TelegramNotificationDto(NotificationDto Notification, Guid UserId);
