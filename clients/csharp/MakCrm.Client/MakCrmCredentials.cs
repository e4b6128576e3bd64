namespace MakCrm.Client;

/// <summary>
/// Who a <see cref="MakCrmTokenProvider"/> signs in as: a registered API client (the OAuth 2.0 client credentials
/// grant, for the Telegram bot and lead platforms), a person (the password grant through a first-party client), or the
/// messenger bot acting for the user a Telegram or WhatsApp account is linked to (RFC 8693 token exchange).
/// </summary>
public sealed class MakCrmCredentials
{
    private MakCrmCredentials(
        string clientId, string? clientSecret, string? username, string? password, IReadOnlyList<string> scopes, long? telegramUserId = null, string? whatsAppId = null)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        Username = username;
        UserPassword = password;
        Scopes = scopes;
        TelegramUserId = telegramUserId;
        WhatsAppId = whatsAppId;
    }

    /// <summary>The Telegram user whose linked user the bot acts for (token exchange); null otherwise.</summary>
    public long? TelegramUserId { get; }

    /// <summary>The WhatsApp account (<c>wa_id</c>) whose linked user the bot acts for (token exchange); null otherwise.</summary>
    public string? WhatsAppId { get; }

    /// <summary>The token exchange's subject token and its type (RFC 8693 §2.1); null for the other grants.</summary>
    internal (string Token, string Type)? ExchangeSubject =>
        TelegramUserId is { } telegram ? (telegram.ToString(System.Globalization.CultureInfo.InvariantCulture), MakCrmTokenProvider.TelegramUserIdTokenType)
        : WhatsAppId is { } whatsApp ? (whatsApp, MakCrmTokenProvider.WhatsAppIdTokenType)
        : null;

    /// <summary>The OAuth <c>client_id</c>.</summary>
    public string ClientId { get; }

    /// <summary>The e-mail the password grant signs in with; null for client credentials.</summary>
    public string? Username { get; }

    /// <summary>
    /// The scopes requested with client credentials; empty to get every scope the client is registered with (always
    /// empty for the password grant, whose token carries the permissions of the user's roles).
    /// </summary>
    public IReadOnlyList<string> Scopes { get; }

    internal string? ClientSecret { get; }

    internal string? UserPassword { get; }

    internal bool IsPassword => Username is not null;

    /// <summary>
    /// A confidential API client (grant <c>client_credentials</c>): it acts for the organization it is registered
    /// with and may do only what its scopes allow.
    /// </summary>
    /// <param name="clientId">The client's <c>client_id</c>.</param>
    /// <param name="clientSecret">The client's secret.</param>
    /// <param name="scopes">
    /// Scopes to narrow the token to (e.g. <c>leads.write</c>); none or null for all of the client's scopes. Asking for a
    /// scope the client does not have fails with <c>invalid_scope</c>.
    /// </param>
    public static MakCrmCredentials ClientCredentials(string clientId, string clientSecret, IEnumerable<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        return new MakCrmCredentials(clientId, clientSecret, null, null, ScopeList(scopes));
    }

    /// <summary>
    /// The Telegram bot acting for the user a Telegram account is linked to (grant
    /// <c>urn:ietf:params:oauth:grant-type:token-exchange</c>, RFC 8693): the bot's confidential client, which must hold
    /// <c>telegram.bot</c>, exchanges the Telegram user id for a short-lived access token of that user, with no refresh
    /// token; the provider exchanges again when it runs out. Everything done with it is done, and audited, as the user.
    /// </summary>
    /// <param name="botClientId">The bot's <c>client_id</c>.</param>
    /// <param name="botClientSecret">The bot's secret.</param>
    /// <param name="telegramUserId">The Telegram user's id (<c>from.id</c>).</param>
    /// <param name="scopes">
    /// Scopes to narrow the token to; none or null for everything the server lets the bot do for the user. A scope
    /// outside those fails with <c>invalid_scope</c>.
    /// </param>
    public static MakCrmCredentials TelegramUser(string botClientId, string botClientSecret, long telegramUserId, IEnumerable<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(botClientId);
        ArgumentException.ThrowIfNullOrEmpty(botClientSecret);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(telegramUserId);
        return new MakCrmCredentials(botClientId, botClientSecret, null, null, ScopeList(scopes), telegramUserId);
    }

    /// <summary>
    /// The messenger bot acting for the user a WhatsApp account is linked to, as <see cref="TelegramUser"/> does for a
    /// Telegram account: the bot's client exchanges the account's <c>wa_id</c> for a short-lived access token of that user.
    /// </summary>
    /// <param name="botClientId">The bot's <c>client_id</c>.</param>
    /// <param name="botClientSecret">The bot's secret.</param>
    /// <param name="waId">The WhatsApp account's <c>wa_id</c> (the sender of a webhook's message, digits only).</param>
    /// <param name="scopes">Scopes to narrow the token to; none or null for everything the server lets the bot do for the user.</param>
    public static MakCrmCredentials WhatsAppUser(string botClientId, string botClientSecret, string waId, IEnumerable<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(botClientId);
        ArgumentException.ThrowIfNullOrEmpty(botClientSecret);
        ArgumentException.ThrowIfNullOrEmpty(waId);
        if (!waId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{waId}' is not a wa_id: a WhatsApp account's id is digits only.", nameof(waId));
        }

        return new MakCrmCredentials(botClientId, botClientSecret, null, null, ScopeList(scopes), whatsAppId: waId);
    }

    private static string[] ScopeList(IEnumerable<string>? scopes)
    {
        var list = scopes?.ToArray() ?? [];
        foreach (var scope in list)
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"'{scope}' is not a scope: scopes are single words such as leads.write.", nameof(scopes));
            }
        }

        return list;
    }

    /// <summary>
    /// A person (grant <c>password</c>, then <c>refresh_token</c>) signing in through a first-party public client such
    /// as <c>mak-cabinet</c>. The token carries the permissions of the user's roles.
    /// </summary>
    /// <param name="clientId">The first-party client's <c>client_id</c>, e.g. <c>mak-cabinet</c>.</param>
    /// <param name="username">The user's e-mail.</param>
    /// <param name="password">The user's password.</param>
    public static MakCrmCredentials Password(string clientId, string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new MakCrmCredentials(clientId, null, username, password, []);
    }

    /// <summary>Describes the credentials without their secret.</summary>
    public override string ToString() => IsPassword
        ? $"{Username} through {ClientId} (password)"
        : TelegramUserId is not null ? $"{ClientId} for Telegram user {TelegramUserId} (token exchange)"
        : WhatsAppId is not null ? $"{ClientId} for WhatsApp account {WhatsAppId} (token exchange)"
        : $"{ClientId} (client credentials)";
}
