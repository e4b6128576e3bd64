namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// Telegram accounts linked to users and Telegram groups linked to organizations, through one-time codes stored as
/// hashes. Changes are added to the unit of work (with their security audit lines) and saved with it, except the
/// spending of a code, which is one conditional UPDATE so that of two bots redeeming a code at once one wins.
/// </summary>
public interface ITelegramLinks
{
    /// <summary>A new one-time code for the user; the user's earlier unused codes stop working (the newest one counts).</summary>
    Task<TelegramLinkCodeDto> CreateUserCodeAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// Spends a user code and links the Telegram account (moving it from any user it was linked to); the same client
    /// redeeming the same code again gets the same link. <c>null</c> for a code that is unknown, expired or spent.
    /// </summary>
    Task<TelegramLinkDto?> RedeemUserCodeAsync(string code, TelegramAccount account, string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TelegramLinkDto>> ListAsync(Guid userId, CancellationToken cancellationToken);

    Task<TelegramLinkDto?> FindByTelegramUserAsync(long telegramUserId, CancellationToken cancellationToken);

    /// <summary>Ends one of the user's links; <c>false</c> when the user has no such link.</summary>
    Task<bool> RemoveAsync(Guid userId, Guid linkId, string reason, CancellationToken cancellationToken);

    /// <summary>Ends the link of a Telegram account (the bot: the user blocked it); <c>false</c> when it has none.</summary>
    Task<bool> RemoveByTelegramUserAsync(long telegramUserId, string reason, CancellationToken cancellationToken);

    /// <summary>A new one-time code that links a group to the organization, asked for by <paramref name="userId"/>.</summary>
    Task<TelegramLinkCodeDto> CreateGroupCodeAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Spends a group code and links the group (moving it from any organization it was linked to); as <see cref="RedeemUserCodeAsync"/>.</summary>
    Task<TelegramGroupLinkDto?> RedeemGroupCodeAsync(string code, long chatId, string title, string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TelegramGroupLinkDto>> ListGroupsAsync(Guid organizationId, CancellationToken cancellationToken);

    Task<bool> RemoveGroupAsync(Guid organizationId, Guid linkId, CancellationToken cancellationToken);
}

/// <summary>The Telegram side of a link as the bot reports it.</summary>
public sealed record TelegramAccount(long TelegramUserId, long ChatId, string? Username);

/// <summary>A one-time code, in clear (only its hash is kept), with the deep link that opens the bot with it.</summary>
public sealed record TelegramLinkCodeDto(string Code, string DeepLink, DateTimeOffset ExpiresAt);

public sealed record TelegramLinkDto(Guid Id, Guid UserId, long TelegramUserId, long ChatId, string? TelegramUsername, DateTimeOffset CreatedAt);

public sealed record TelegramGroupLinkDto(Guid Id, Guid OrganizationId, long ChatId, string Title, DateTimeOffset CreatedAt);
