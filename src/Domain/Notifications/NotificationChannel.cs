namespace MakCrm.Domain.Notifications;

/// <summary>How a notification reaches its user.</summary>
public enum NotificationChannel
{
    /// <summary>A row in the user's notifications in the cabinet.</summary>
    InApp,

    /// <summary>An e-mail to the user's address, through the mail outbox.</summary>
    Email,

    /// <summary>A message from the bot in the user's linked Telegram chat.</summary>
    Telegram,

    /// <summary>
    /// A message from the bot in the user's linked WhatsApp chat: in full within WhatsApp's 24-hour customer-service
    /// window, otherwise announced by an approved template and given in full once the user writes (ADR 0025).
    /// </summary>
    Whatsapp,
}
