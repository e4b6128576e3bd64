using System.Net.Http.Headers;
using System.Text;

namespace MakCrm.Client;

/// <summary>
/// Gets access tokens from the MaK CRM token service (<c>POST /connect/token</c>) and keeps them fresh: a token is
/// reused until <see cref="MakCrmTokenOptions.RefreshBeforeExpiry"/> before it expires, then replaced. With client
/// credentials a new token is simply requested; with the password grant the refresh token is used, and every refresh
/// returns a new refresh token that replaces the spent one (if the refresh token is no longer accepted, the provider
/// signs in with the password again). For a user with two-factor authentication the password grant answers
/// <c>mfa_required</c>: see <see cref="MakCrmTokenOptions.TwoFactorCode"/>.
/// <para>
/// Thread-safe: concurrent callers share one token request. Keep one provider per set of credentials for the life of
/// the application (e.g. a DI singleton): a refresh token must be used by one holder only, because presenting a spent
/// one revokes the whole sign-in. <see cref="MakCrmTokenHandler"/> attaches the tokens to the SDK's requests.
/// </para>
/// </summary>
public sealed class MakCrmTokenProvider : IDisposable
{
    /// <summary>The grant that completes a sign-in with two-factor authentication (after <c>mfa_required</c>).</summary>
    public const string MfaOtpGrantType = "urn:mak:params:oauth:grant-type:mfa-otp";

    /// <summary>RFC 8693 token exchange: the bot gets a token of the user a Telegram or WhatsApp account is linked to.</summary>
    public const string TokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>The subject token type of a Telegram user id.</summary>
    public const string TelegramUserIdTokenType = "urn:mak:params:oauth:token-type:telegram-user-id";

    /// <summary>The subject token type of a WhatsApp account's <c>wa_id</c>.</summary>
    public const string WhatsAppIdTokenType = "urn:mak:params:oauth:token-type:whatsapp-id";

    private readonly MakCrmCredentials _credentials;
    private readonly MakCrmTokenOptions _options;
    private readonly HttpClient _http;
    private readonly MakCrmApiClient _tokenService;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Tokens? _current;
    private volatile bool _disposed;

    /// <summary>Creates a provider that signs in with the given credentials when a token is first needed.</summary>
    /// <param name="serverAddress">The address of the MaK CRM server (the same as the SDK's <c>HttpClient.BaseAddress</c>).</param>
    /// <param name="credentials">Who to sign in as.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public MakCrmTokenProvider(Uri serverAddress, MakCrmCredentials credentials, MakCrmTokenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serverAddress);
        ArgumentNullException.ThrowIfNull(credentials);
        if (!serverAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The server address must be absolute, e.g. https://crm.example/.", nameof(serverAddress));
        }

        _credentials = credentials;
        _options = options ?? new MakCrmTokenOptions();
        ArgumentNullException.ThrowIfNull(_options.TimeProvider, "options.TimeProvider");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RefreshBeforeExpiry, TimeSpan.Zero, "options.RefreshBeforeExpiry");

        var handler = _options.TokenHttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler, disposeHandler: _options.TokenHttpHandler is null)
        {
            // Relative to the server's address, like every request of the SDK: keep a path such as /gateway/.
            BaseAddress = serverAddress.AbsolutePath.EndsWith('/') ? serverAddress : new Uri(serverAddress.AbsoluteUri + "/"),
        };
        if (credentials.ClientSecret is { } secret && !_options.SendClientSecretInBody)
        {
            // RFC 6749, section 2.3.1: both parts are form-encoded before they are joined.
            var basic = $"{Uri.EscapeDataString(credentials.ClientId)}:{Uri.EscapeDataString(secret)}";
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }

        _tokenService = new MakCrmApiClient(_http);
    }

    /// <summary>The credentials the provider signs in with.</summary>
    public MakCrmCredentials Credentials => _credentials;

    /// <summary>
    /// A valid access token: the current one while it is fresh, otherwise a new one from the token service.
    /// </summary>
    /// <exception cref="MakCrmAuthenticationException">The token service refused the credentials or failed.</exception>
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default) => GetAccessTokenAsync(rejected: null, cancellationToken);

    /// <summary>
    /// Signs out: revokes the refresh token of the password grant (and with it every token of the sign-in, RFC 7009)
    /// and forgets the tokens. The next request signs in again. Access tokens are self-contained and stay valid until
    /// they expire (15 minutes at most); with client credentials there is nothing to revoke and the tokens are only
    /// forgotten.
    /// </summary>
    /// <exception cref="MakCrmAuthenticationException">The token service refused the revocation or failed.</exception>
    public async Task SignOutAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current?.RefreshToken is { } refreshToken)
            {
                try
                {
                    // Only the password grant (a public client) has refresh tokens: the client_id is its authentication.
                    await _tokenService.RevokeTokenAsync(
                        new RevokeRequest { Token = refreshToken, Token_type_hint = "refresh_token", Client_id = _credentials.ClientId },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (MakCrmApiException exception)
                {
                    throw MakCrmAuthenticationException.From(exception, $"Revoking the refresh token of {_credentials}");
                }
            }

            _current = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes the connection to the token service (unless it was given in the options).</summary>
    public void Dispose()
    {
        _disposed = true;
        _http.Dispose();
    }

    /// <summary>
    /// As <see cref="GetAccessTokenAsync(CancellationToken)"/>, but a token that the API has just refused (401) is
    /// replaced even if it looks fresh, unless another caller has replaced it already.
    /// </summary>
    internal async Task<string> GetAccessTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Usable(_current, rejected) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate before may have renewed the token already: then share theirs.
            if (Usable(_current, rejected) is { } renewed)
            {
                return renewed;
            }

            var tokens = await AcquireAsync(_current, cancellationToken).ConfigureAwait(false);
            _current = tokens;
            return tokens.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Usable(Tokens? tokens, string? rejected) =>
        tokens is not null && tokens.AccessToken != rejected && _options.TimeProvider.GetUtcNow() < tokens.RenewAt ? tokens.AccessToken : null;

    private async Task<Tokens> AcquireAsync(Tokens? previous, CancellationToken cancellationToken)
    {
        if (!_credentials.IsPassword)
        {
            var inBody = _http.DefaultRequestHeaders.Authorization is null;
            var subject = _credentials.ExchangeSubject;
            return await RequestAsync(
                new TokenRequest
                {
                    Grant_type = subject is null ? "client_credentials" : TokenExchangeGrantType,
                    Client_id = inBody ? _credentials.ClientId : null,
                    Client_secret = inBody ? _credentials.ClientSecret : null,
                    Scope = _credentials.Scopes.Count > 0 ? string.Join(' ', _credentials.Scopes) : null,
                    Subject_token = subject?.Token,
                    Subject_token_type = subject?.Type,
                },
                keptRefreshToken: null,
                cancellationToken).ConfigureAwait(false);
        }

        if (previous?.RefreshToken is { } refreshToken)
        {
            try
            {
                return await RequestAsync(
                    new TokenRequest { Grant_type = "refresh_token", Client_id = _credentials.ClientId, Refresh_token = refreshToken },
                    keptRefreshToken: refreshToken,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MakCrmAuthenticationException exception) when (exception.Error == "invalid_grant")
            {
                // The refresh token expired or its sign-in was revoked: sign in again below.
                _current = null;
            }
        }

        try
        {
            return await RequestAsync(
                new TokenRequest { Grant_type = "password", Client_id = _credentials.ClientId, Username = _credentials.Username, Password = _credentials.UserPassword },
                keptRefreshToken: null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (MakCrmAuthenticationException exception)
            when (exception is { Error: "mfa_required", MfaToken: not null } && _options.TwoFactorCode is not null)
        {
            // Two-factor authentication: the second step with a code from the user's authenticator app.
            var code = await _options.TwoFactorCode(cancellationToken).ConfigureAwait(false);
            return await RequestAsync(
                new TokenRequest { Grant_type = MfaOtpGrantType, Client_id = _credentials.ClientId, Mfa_token = exception.MfaToken, Otp = code },
                keptRefreshToken: null,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Tokens> RequestAsync(TokenRequest request, string? keptRefreshToken, CancellationToken cancellationToken)
    {
        var what = request.Grant_type == "refresh_token"
            ? $"Refreshing the access token of {_credentials}"
            : $"Getting an access token for {_credentials}";
        var requestedAt = _options.TimeProvider.GetUtcNow();
        TokenSuccess token;
        try
        {
            token = (await _tokenService.RequestTokenAsync(request, cancellationToken).ConfigureAwait(false)).Result;
        }
        catch (MakCrmApiException exception)
        {
            throw MakCrmAuthenticationException.From(exception, what);
        }

        if (string.IsNullOrEmpty(token.Access_token) || !string.Equals(token.Token_type, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new MakCrmAuthenticationException(
                $"{what} failed (the answer has no Bearer access token).", 200, null, new Dictionary<string, IEnumerable<string>>(), null, null, null);
        }

        // A token without a lifetime is used until the API refuses it.
        var lifetime = TimeSpan.FromSeconds(token.Expires_in);
        var renewAt = token.Expires_in > 0
            ? requestedAt + lifetime - TimeSpan.FromTicks(Math.Min(_options.RefreshBeforeExpiry.Ticks, lifetime.Ticks / 2))
            : DateTimeOffset.MaxValue;

        // RFC 6749, section 6: a refresh may come without a new refresh token, and then the old one stays valid.
        return new Tokens(token.Access_token, renewAt, token.Refresh_token ?? keptRefreshToken);
    }

    private sealed record Tokens(string AccessToken, DateTimeOffset RenewAt, string? RefreshToken)
    {
        // Never print a token.
        public override string ToString() => $"access token renewed at {RenewAt:O}";
    }
}
