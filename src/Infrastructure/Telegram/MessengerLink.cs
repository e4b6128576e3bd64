using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// A messenger account (Telegram or WhatsApp) linked to a user: the bot acts for the user when that account writes to
/// it. One account of a messenger is linked to one user at a time (a unique index on channel and account); a user may
/// link several. The link belongs to the user and the account, not to the bot's credentials: rotating the bot's client
/// secret, its Telegram token or its WhatsApp access token keeps it.
/// </summary>
public sealed class MessengerLink
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public MessengerChannel Channel { get; set; }

    /// <summary>The account's id on its messenger: a Telegram user id in decimal, or a WhatsApp <c>wa_id</c>.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The private chat the bot writes to (Telegram; a WhatsApp chat is the account itself).</summary>
    public long? ChatId { get; set; }

    /// <summary>The name the messenger showed: a Telegram username, a WhatsApp profile name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The API client (the bot) that redeemed the code.</summary>
    public string ClientId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A Telegram group linked to an organization, for notifications to the team's chat; a group to one
/// organization at a time.</summary>
public sealed class TelegramGroupLink : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public long ChatId { get; set; }

    public string Title { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Who asked for the code that made the link.</summary>
    public Guid LinkedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
