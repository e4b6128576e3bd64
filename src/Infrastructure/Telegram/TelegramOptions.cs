using MakCrm.Domain.Access;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// Settings of the <c>Mak:Telegram</c> configuration section: the bot's name, and what the messenger bot may do for a
/// linked user (the link codes and the delegated tokens serve its Telegram and WhatsApp sides alike).
/// </summary>
public sealed class TelegramOptions
{
    public const string Section = "Mak:Telegram";

    /// <summary>The bot's username, for the deep links <c>https://t.me/&lt;bot&gt;?start=&lt;code&gt;</c>.</summary>
    public string BotUsername { get; set; } = "mak_crm_bot";

    /// <summary>How long a link code works.</summary>
    public TimeSpan LinkCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The lifetime of an access token the bot gets for a linked user (token exchange); no refresh token comes
    /// with it.</summary>
    public TimeSpan DelegatedTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most a token for a linked user may carry: the user's permissions are cut down to these (and to the scope the
    /// bot asks for). The bot's conversations: leads, their statuses and comments, notifications, the auction, the
    /// knowledge base's FAQ and search, and the user's own support tickets; the clients' names its lead lists and
    /// cards show, and every lead for head office's users, who take the leads nobody is responsible for.
    /// </summary>
    public string[] DelegatedScopes { get; set; } =
    [
        Permissions.LeadsReadOwn,
        Permissions.LeadsReadAll,
        Permissions.ClientsReadOwn,
        Permissions.ClientsReadAll,
        Permissions.LeadsWrite,
        Permissions.NotificationsRead,
        Permissions.AuctionRead,
        Permissions.AuctionBid,
        Permissions.KnowledgeRead,
        Permissions.TicketsReadOwn,
        Permissions.TicketsCreate,
    ];
}

/// <summary>Settings of the <c>Mak:WhatsApp</c> configuration section: the WhatsApp side of the messenger
/// bot.</summary>
public sealed class WhatsAppOptions
{
    public const string Section = "Mak:WhatsApp";

    /// <summary>
    /// The bot's WhatsApp business number in international format, digits only (e.g. <c>79001234567</c>), for the
    /// click-to-chat links <c>https://wa.me/&lt;number&gt;?text=/start%20&lt;code&gt;</c>; empty when the bot has no
    /// WhatsApp side.
    /// </summary>
    public string PhoneNumber { get; set; } = "";
}
