using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.Common;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>The tokens a grant at amoCRM's token endpoint answers.</summary>
public sealed record AmoCrmTokens(string Access, string Refresh, TimeSpan ExpiresIn);

/// <summary>Why a grant answered no tokens.</summary>
public enum AmoCrmGrantFailure
{
    /// <summary>None: the grant answered tokens.</summary>
    None,

    /// <summary>amoCRM answered 403 with its blocked-account page.</summary>
    Blocked,

    /// <summary>amoCRM answered, but not tokens: a 4xx, or a body without them.</summary>
    Refused,

    /// <summary>amoCRM answered 5xx.</summary>
    Failed,

    /// <summary>No answer came (the network, a timeout, a body not JSON): amoCRM may have acted on it.</summary>
    Lost,
}

/// <summary>A grant's answer: the tokens, or why not (<see cref="Why"/> names amoCRM's status or the error).</summary>
public sealed record AmoCrmGrant(AmoCrmTokens? Tokens, AmoCrmGrantFailure Failure, string Why);

/// <summary>
/// Signing in to amoCRM: one grant at the account's token endpoint (<c>POST /oauth2/access_token</c>, an authorization
/// code or a refresh token, with the integration's client), and one call to the account with a token
/// (<c>GET /api/v4/account</c>, through the account's limiter) that tells whose it is.
/// </summary>
[Singleton]
public sealed class AmoCrmAuthorization(AmoCrmRateLimiter limiter, IOptions<AmoCrmOptions> options)
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";

    private readonly HttpClient _http = new() { Timeout = options.Value.RequestTimeout };

    /// <summary>One grant of <paramref name="grantType"/> (<see cref="AuthorizationCode"/> with the code,
    /// <see cref="RefreshToken"/> with the refresh token).</summary>
    public async Task<AmoCrmGrant> GrantAsync(
        Uri baseUrl,
        AmoCrmOAuthClient client,
        string grantType,
        string grant,
        CancellationToken cancellationToken
    )
    {
        var body = new JsonObject
        {
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
            ["grant_type"] = grantType,
            [grantType == AuthorizationCode ? "code" : RefreshToken] = grant,
            ["redirect_uri"] = client.RedirectUri,
        };
        try
        {
            using var response = await _http.PostAsJsonAsync(
                new Uri(baseUrl, "oauth2/access_token"),
                body,
                cancellationToken
            );
            var status = (int)response.StatusCode;
            var why = $"amoCRM answered {status}";
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                return new AmoCrmGrant(null, AmoCrmGrantFailure.Blocked, why);
            }

            if (!response.IsSuccessStatusCode)
            {
                return new AmoCrmGrant(
                    null,
                    status >= 500 ? AmoCrmGrantFailure.Failed : AmoCrmGrantFailure.Refused,
                    why
                );
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return
                answer?["access_token"]?.GetValue<string>() is { } access
                && answer["refresh_token"]?.GetValue<string>() is { } refresh
                ? new AmoCrmGrant(
                    new AmoCrmTokens(
                        access,
                        refresh,
                        TimeSpan.FromSeconds(answer["expires_in"]?.GetValue<int>() ?? 86_400)
                    ),
                    AmoCrmGrantFailure.None,
                    why
                )
                : new AmoCrmGrant(null, AmoCrmGrantFailure.Refused, "its answer has no tokens");
        }
        catch (Exception e) when (IsLost(e, cancellationToken))
        {
            return new AmoCrmGrant(null, AmoCrmGrantFailure.Lost, LostWhy(e));
        }
    }

    /// <summary>One call to the account with the token: null when amoCRM answers the account
    /// <paramref name="accountId"/>, else why not.</summary>
    public async Task<Error?> CheckAccountAsync(
        Uri baseUrl,
        long accountId,
        string token,
        CancellationToken cancellationToken
    )
    {
        await limiter.TakeAsync(accountId, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "api/v4/account"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var account = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                    return account?["id"]?.GetValue<long>() == accountId
                        ? null
                        : Refused("the token is of another account than the one at this address");
                case HttpStatusCode.Unauthorized:
                    return Refused("amoCRM answered 401");
                case HttpStatusCode.Forbidden:
                    return Blocked;
                default:
                    return Unreachable($"amoCRM answered {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (IsLost(e, cancellationToken))
        {
            return Unreachable(LostWhy(e));
        }
    }

    private static bool IsLost(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or FormatException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static string LostWhy(Exception e) =>
        e is TaskCanceledException ? "amoCRM did not answer in time" : e.Message;

    internal static Error Blocked =>
        new(
            ErrorCodes.AmoCrmAccountBlocked,
            "amoCRM answered 403 with its blocked-account page: only amoCRM's support can lift it.",
            ErrorKind.Unprocessable
        );

    internal static Error Refused(string why) =>
        new(ErrorCodes.AmoCrmTokenRefused, $"amoCRM refused the token ({why}).", ErrorKind.Unprocessable);

    internal static Error Unreachable(string why) =>
        new(
            ErrorCodes.AmoCrmUnreachable,
            $"The amoCRM account could not be reached ({why}); nothing was stored. Try again.",
            ErrorKind.Unavailable
        );
}
