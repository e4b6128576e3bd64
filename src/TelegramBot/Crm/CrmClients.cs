using MakCrm.Client;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Crm;

/// <summary>
/// The API as a messenger account's user: a client whose token handler exchanges the account (a Telegram user id, a
/// WhatsApp <c>wa_id</c>) for a short-lived token of the linked CRM user (RFC 8693), made for one update and disposed
/// after it. So everything done for a user is done, scoped and audited as that user, never as the bot's own
/// organization. Connections are pooled across them.
/// </summary>
public sealed class CrmClients(BotOptions options) : IDisposable
{
    private readonly SocketsHttpHandler _connections = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public UserClient ForAccount(ChatAccount account)
    {
        var credentials =
            account.Channel == ChatKeys.WhatsAppChannel
                ? MakCrmCredentials.WhatsAppUser(options.ClientId, options.ClientSecret, account.Id)
                : MakCrmCredentials.TelegramUser(
                    options.ClientId,
                    options.ClientSecret,
                    long.Parse(account.Id, System.Globalization.CultureInfo.InvariantCulture)
                );
        var handler = new MakCrmTokenHandler(
            options.ApiUrl,
            credentials,
            new MakCrmTokenOptions { TokenHttpHandler = _connections }
        )
        {
            InnerHandler = new SharedHandler(_connections),
        };
        var http = new HttpClient(handler) { BaseAddress = options.ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        return new UserClient(new MakCrmApiClient(http), http);
    }

    /// <summary>The API without a token, for what anybody may do (self-registration).</summary>
    public UserClient Anonymous()
    {
        var http = new HttpClient(new SharedHandler(_connections))
        {
            BaseAddress = options.ApiUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new UserClient(new MakCrmApiClient(http), http);
    }

    public void Dispose() => _connections.Dispose();

    /// <summary>Passes requests to the shared connections without disposing them with a user's client.</summary>
    private sealed class SharedHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // The shared handler outlives every user client.
        }
    }
}

/// <summary>A user's API client for one update.</summary>
public sealed class UserClient(IMakCrmApiClient api, HttpClient http) : IDisposable
{
    public IMakCrmApiClient Api { get; } = api;

    public void Dispose() => http.Dispose();
}
