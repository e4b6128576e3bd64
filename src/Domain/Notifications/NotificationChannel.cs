namespace MakCrm.Domain.Notifications;

/// <summary>How a notification reaches its user.</summary>
public enum NotificationChannel
{
    /// <summary>A row in the user's notifications in the cabinet.</summary>
    InApp,

    /// <summary>An e-mail to the user's address, through the mail outbox.</summary>
    Email,

    /// <summary>A message from the Telegram bot; stored now, delivered once the bot links accounts.</summary>
    Telegram,
}
