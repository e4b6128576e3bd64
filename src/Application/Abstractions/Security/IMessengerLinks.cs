namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// Messenger accounts (Telegram, WhatsApp) linked to users and Telegram groups linked to organizations, through
/// one-time codes stored as hashes: one user code links whichever messenger redeems it. Changes are added to the unit
/// of
/// work (with their security audit lines) and saved with it, except the spending of a code, which is one conditional
/// UPDATE so that of two bots redeeming a code at once one wins.
/// </summary>
public interface IMessengerLinks
{
    /// <summary>A new one-time code for the user; the user's earlier unused codes stop working (the newest one
    /// counts).</summary>
    Task<Contracts.TelegramLinkCode> CreateUserCodeAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// Spends a user code and links the messenger account (moving it from any user it was linked to); the same client
    /// redeeming the same code again for the same account gets the same link. <c>null</c> for a code that is unknown,
    /// expired or spent.
    /// </summary>
    Task<MessengerLinkDto?> RedeemUserCodeAsync(
        string code,
        MessengerAccount account,
        string clientId,
        CancellationToken cancellationToken
    );

    /// <summary>The user's links on one messenger, oldest first.</summary>
    Task<IReadOnlyList<MessengerLinkDto>> ListAsync(
        Guid userId,
        MessengerChannel channel,
        CancellationToken cancellationToken
    );

    Task<MessengerLinkDto?> FindAsync(MessengerChannel channel, string accountId, CancellationToken cancellationToken);

    /// <summary>Ends one of the user's links on the messenger; <c>false</c> when the user has no such link
    /// there.</summary>
    Task<bool> RemoveAsync(
        Guid userId,
        MessengerChannel channel,
        Guid linkId,
        string reason,
        CancellationToken cancellationToken
    );

    /// <summary>Ends the link of a messenger account (the bot: the user blocked it); <c>false</c> when it has
    /// none.</summary>
    Task<bool> RemoveByAccountAsync(
        MessengerChannel channel,
        string accountId,
        string reason,
        CancellationToken cancellationToken
    );

    /// <summary>A new one-time code that links a group to the organization, asked for by
    /// <paramref name="userId"/>.</summary>
    Task<Contracts.TelegramLinkCode> CreateGroupCodeAsync(
        Guid organizationId,
        Guid userId,
        CancellationToken cancellationToken
    );

    /// <summary>Spends a group code and links the group (moving it from any organization it was linked to); as
    /// <see cref="RedeemUserCodeAsync"/>.</summary>
    Task<Contracts.TelegramGroupLink?> RedeemGroupCodeAsync(
        string code,
        long chatId,
        string title,
        string clientId,
        CancellationToken cancellationToken
    );

    Task<IReadOnlyList<Contracts.TelegramGroupLink>> ListGroupsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    );

    Task<bool> RemoveGroupAsync(Guid organizationId, Guid linkId, CancellationToken cancellationToken);

    /// <summary>Ends the link of the group <paramref name="chatId"/> (the bot left it); false when it has
    /// none.</summary>
    Task<bool> RemoveGroupByChatAsync(long chatId, CancellationToken cancellationToken);
}

/// <summary>The messengers a user links an account of; stored and audited by their snake_case names (<c>telegram</c>,
/// <c>whatsapp</c>).</summary>
public enum MessengerChannel
{
    Telegram,
    Whatsapp,
}

/// <summary>
/// The messenger side of a link as the bot reports it: the account's id there (a Telegram user id in decimal, or a
/// WhatsApp <c>wa_id</c>), the private chat the bot writes to (Telegram only; a WhatsApp chat is the <c>wa_id</c>),
/// and the name the messenger shows (a Telegram username, a WhatsApp profile name).
/// </summary>
public sealed record MessengerAccount(MessengerChannel Channel, string AccountId, long? ChatId, string? DisplayName);

public sealed record MessengerLinkDto(
    Guid Id,
    Guid UserId,
    MessengerChannel Channel,
    string AccountId,
    long? ChatId,
    string? DisplayName,
    DateTimeOffset CreatedAt
);

/// <summary>
/// What a WhatsApp account's id (<c>wa_id</c>, the number WhatsApp gives for the sender) looks like: digits only, as
/// the Cloud API's webhooks carry it, in international format without a plus.
/// </summary>
public static partial class WhatsAppIds
{
    public const string Description = "6 to 20 digits, the number in international format without a plus";

    public static bool IsValid(string? waId) => waId is not null && Pattern().IsMatch(waId);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{6,20}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
