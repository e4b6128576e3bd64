using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>An answer of amoCRM's API: its status and its JSON body (null for 204, amoCRM's empty page), and how many
/// 429s the call met (and waited out) before it.</summary>
public sealed record AmoCrmAnswer(HttpStatusCode Status, JsonNode? Body)
{
    public int RateLimited { get; init; }
}

/// <summary>amoCRM did not answer after the retries (5xx, 504, no answer): the caller tries again later.</summary>
public sealed class AmoCrmUnavailableException(string message) : Exception(message);

/// <summary>
/// Calls to an account's API v4 as amoCRM asks them to be made. Every request takes the account's next slot of the
/// shared limiter first. A 429 pushes every instance's next slot back by <c>Retry-After</c> (or a second) with jitter
/// and the request is sent again; a 401 gets one new token (<see cref="AmoCrmConnections.TokenAfterRefusalAsync"/>)
/// and one retry, and a second 401 stops the connection (<c>needs_reauth</c>); a 403 (amoCRM's blocked-account page)
/// stops it at once (<c>blocked</c>) with no retry; a 5xx or no answer is retried with doubling delays, then
/// <see cref="AmoCrmUnavailableException"/>. Any other answer, a 400 with <c>validation-errors</c> included, is the
/// caller's to read (it names the entity and field of a dead letter).
/// </summary>
[Singleton]
public sealed class AmoCrmApi(
    AmoCrmConnections connections,
    AmoCrmRateLimiter limiter,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock
)
{
    /// <summary>How many times a request is sent again after a 5xx or no answer, and after 429s.</summary>
    public const int MaxRetries = 4;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http = new() { Timeout = options.Value.RequestTimeout };

    /// <summary>A GET of <paramref name="pathAndQuery"/> (relative to the account's address) for the connection
    /// <paramref name="connectionId"/> of account <paramref name="accountId"/> at <paramref name="baseUrl"/>.</summary>
    /// <param name="gatewayTimeoutToCaller">A 504 is answered at once instead of retried: the caller asks for less
    /// (a smaller page), as amoCRM asks.</param>
    public Task<AmoCrmAnswer> GetAsync(
        Guid connectionId,
        long accountId,
        Uri baseUrl,
        string pathAndQuery,
        CancellationToken cancellationToken,
        bool gatewayTimeoutToCaller = false
    ) =>
        SendAsync(
            HttpMethod.Get,
            connectionId,
            accountId,
            baseUrl,
            pathAndQuery,
            null,
            cancellationToken,
            gatewayTimeoutToCaller
        );

    /// <summary>A request of <paramref name="method"/> with <paramref name="body"/> as JSON (a write), made as
    /// <see cref="GetAsync"/> makes a GET.</summary>
    public async Task<AmoCrmAnswer> SendAsync(
        HttpMethod method,
        Guid connectionId,
        long accountId,
        Uri baseUrl,
        string pathAndQuery,
        JsonNode? body,
        CancellationToken cancellationToken,
        bool gatewayTimeoutToCaller = false
    )
    {
        var token = await connections.AccessTokenAsync(connectionId, cancellationToken);
        var refreshed = false;
        var failures = 0;
        var limited = 0;
        while (true)
        {
            await limiter.TakeAsync(accountId, cancellationToken);
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, pathAndQuery));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (Exception e)
                when (e is HttpRequestException
                    || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
                )
            {
                await PauseAfterFailureAsync(++failures, $"no answer to {method} {pathAndQuery}", cancellationToken);
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                switch (response.StatusCode)
                {
                    case HttpStatusCode.TooManyRequests when ++limited <= MaxRetries:
                        await limiter.BackOffAsync(accountId, RetryAfter(response), cancellationToken);
                        continue;
                    case HttpStatusCode.Unauthorized when !refreshed:
                        refreshed = true;
                        token = await connections.TokenAfterRefusalAsync(connectionId, token, cancellationToken);
                        continue;
                    case HttpStatusCode.Unauthorized:
                        throw await StopAsync(
                            connectionId,
                            AmoCrmConnections.NeedsReauth,
                            "amoCRM refused a freshly refreshed token (401): connect again.",
                            cancellationToken
                        );
                    case HttpStatusCode.Forbidden:
                        throw await StopAsync(
                            connectionId,
                            AmoCrmConnections.Blocked,
                            "amoCRM answered 403 with its blocked-account page.",
                            cancellationToken
                        );
                    case HttpStatusCode.NoContent:
                    case HttpStatusCode.GatewayTimeout when gatewayTimeoutToCaller:
                        return new AmoCrmAnswer(response.StatusCode, null) { RateLimited = limited };
                    case HttpStatusCode.TooManyRequests:
                        throw new AmoCrmUnavailableException($"amoCRM kept answering 429 to {method} {pathAndQuery}.");
                }

                if (status >= 500)
                {
                    await PauseAfterFailureAsync(++failures, $"amoCRM answered {status}", cancellationToken);
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return new AmoCrmAnswer(response.StatusCode, ParseOrNull(text)) { RateLimited = limited };
            }
        }
    }

    /// <summary>Stops the connection and answers the exception that tells the caller why.</summary>
    private async Task<AmoCrmReauthRequiredException> StopAsync(
        Guid connectionId,
        string state,
        string reason,
        CancellationToken cancellationToken
    )
    {
        await connections.StopAsync(connectionId, state, reason, cancellationToken);
        return new AmoCrmReauthRequiredException(state, reason);
    }

    private async Task PauseAfterFailureAsync(int failures, string why, CancellationToken cancellationToken)
    {
        if (failures > MaxRetries)
        {
            throw new AmoCrmUnavailableException($"The amoCRM account did not answer ({why}).");
        }

        var delay = FirstRetryDelay * Math.Pow(2, failures - 1);
        await Task.Delay(delay + Jitter(delay), clock, cancellationToken);
    }

    /// <summary>amoCRM's <c>Retry-After</c>, or a second, with up to a quarter more so instances spread out.</summary>
    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var delay = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => TimeSpan.FromSeconds(1),
        };
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        return delay + Jitter(delay);
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay * (Random.Shared.NextDouble() / 4);

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
