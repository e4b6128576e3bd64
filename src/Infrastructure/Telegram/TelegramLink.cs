namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// A Telegram account linked to a user: the bot acts for the user when the Telegram user writes to it. One Telegram
/// account is linked to one user at a time (a unique index); a user may link several Telegram accounts. The link belongs
/// to the user and the Telegram account, not to the bot's credentials: rotating the bot's secret or token keeps it.
/// </summary>
public sealed class TelegramLink
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public long TelegramUserId { get; set; }

    /// <summary>The private chat the bot writes to.</summary>
    public long ChatId { get; set; }

    public string? TelegramUsername { get; set; }

    /// <summary>The API client (the bot) that redeemed the code.</summary>
    public string ClientId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A Telegram group linked to an organization, for notifications to the team's chat; a group to one organization at a time.</summary>
public sealed class TelegramGroupLink
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public long ChatId { get; set; }

    public string Title { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Who asked for the code that made the link.</summary>
    public Guid LinkedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
