using System.Net;
using System.Net.Http.Headers;

namespace MakCrm.Client;

/// <summary>
/// Signs every request of the SDK with <c>Authorization: Bearer &lt;access token&gt;</c> from a
/// <see cref="MakCrmTokenProvider"/>, which keeps the token fresh. If the API answers 401 anyway (the token was
/// revoked, the signing key changed, the clocks disagree), the handler gets a new token and sends the request once
/// more; a second 401 is returned to the caller. A request that already carries an <c>Authorization</c> header is
/// sent as it is. Token failures throw <see cref="MakCrmAuthenticationException"/>.
/// </summary>
/// <example>
/// <code>
/// var server = new Uri("https://crm.example/");
/// var handler = new MakCrmTokenHandler(server, MakCrmCredentials.ClientCredentials("telegram-bot", secret))
/// {
///     InnerHandler = new SocketsHttpHandler(),
/// };
/// var api = new MakCrmApiClient(new HttpClient(handler) { BaseAddress = server });
/// </code>
/// </example>
public sealed class MakCrmTokenHandler : DelegatingHandler
{
    private readonly bool _ownsTokens;

    /// <summary>A handler that takes its tokens from a shared provider (which it does not dispose).</summary>
    public MakCrmTokenHandler(MakCrmTokenProvider tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Tokens = tokens;
    }

    /// <summary>A handler with a provider of its own for the given credentials (disposed with the handler).</summary>
    /// <param name="serverAddress">The address of the MaK CRM server, where <c>/connect/token</c> is.</param>
    /// <param name="credentials">Who to sign in as.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public MakCrmTokenHandler(Uri serverAddress, MakCrmCredentials credentials, MakCrmTokenOptions? options = null)
        : this(new MakCrmTokenProvider(serverAddress, credentials, options))
    {
        _ownsTokens = true;
    }

    /// <summary>The provider of the tokens, e.g. for <see cref="MakCrmTokenProvider.SignOutAsync"/>.</summary>
    public MakCrmTokenProvider Tokens { get; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // A 401 sends the request again, so a body that can be read only once is buffered first.
        await request.BufferForResendAsync(cancellationToken).ConfigureAwait(false);

        var token = await Tokens.GetAccessTokenAsync(rejected: null, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || IsStepUpChallenge(response))
        {
            return response;
        }

        response.Dispose();
        var renewed = await Tokens.GetAccessTokenAsync(rejected: token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a 401 asks for a recent two-factor sign-in (RFC 9470 <c>insufficient_user_authentication</c>, problem
    /// code <c>step_up_required</c>): a refreshed token would keep the old sign-in's time, so the request is not
    /// repeated; the caller signs in again with a code.
    /// </summary>
    public static bool IsStepUpChallenge(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        && response.Headers.WwwAuthenticate.Any(h => h.Parameter?.Contains("error=\"insufficient_user_authentication\"", StringComparison.Ordinal) == true);

    /// <summary>Not supported: the token may have to be fetched, which is asynchronous. Use <c>SendAsync</c>.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("MakCrmTokenHandler sends asynchronously only; use HttpClient.SendAsync (as the SDK does).");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsTokens)
        {
            Tokens.Dispose();
        }

        base.Dispose(disposing);
    }
}
