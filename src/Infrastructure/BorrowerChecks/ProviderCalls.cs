using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Infrastructure.RateLimiting;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>The JSON a provider answered with its status; or why there is none.</summary>
public sealed record ProviderAnswer(int Status, JsonNode? Body, CheckResult? Failure)
{
    public bool IsSuccess => Failure is null;
}

/// <summary>
/// A request to a check provider, the one way every adapter sends one: within the provider's rate limit, shared by
/// every instance through the limits' windows in PostgreSQL (past it, unavailable at once: <c>rate_limited</c>), with
/// the provider's own timeout (<c>timeout</c>), its own 429 (<c>rate_limited</c>), and a 5xx, a refused connection
/// or an answer that is not JSON read as <c>provider_error</c>. Nothing here is read as clear.
/// </summary>
[Singleton]
public sealed class ProviderCalls(RateLimitWindows windows)
{
    private const string Policy = "borrower_check_provider";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly HttpClient _http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public async Task<ProviderAnswer> SendAsync(
        string provider,
        CheckProviderEndpoint endpoint,
        Func<Uri, HttpRequestMessage> request,
        CancellationToken cancellationToken
    )
    {
        if (endpoint.BaseAddress is not { } baseAddress)
        {
            return Failed(BorrowerCheckUnavailableReason.NotConfigured, $"No address is configured for {provider}.");
        }

        var lease = await windows.LeaseAsync(Policy, provider, Window, 1, cancellationToken);
        if (lease.Used > endpoint.RequestsPerMinute)
        {
            return Failed(
                BorrowerCheckUnavailableReason.RateLimited,
                $"{provider} takes {endpoint.RequestsPerMinute} requests a minute; try again in "
                    + $"{Math.Ceiling(lease.EndsIn.TotalSeconds)} s."
            );
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.Timeout);
        try
        {
            using var message = request(baseAddress);
            using var response = await _http.SendAsync(message, timeout.Token);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (status == 429)
            {
                return Failed(
                    BorrowerCheckUnavailableReason.RateLimited,
                    $"{provider} answered 429: too many requests."
                );
            }

            if (status >= 500)
            {
                return Failed(BorrowerCheckUnavailableReason.ProviderError, $"{provider} answered {status}.");
            }

            try
            {
                return new ProviderAnswer(status, JsonNode.Parse(text), null);
            }
            catch (JsonException)
            {
                return Failed(
                    BorrowerCheckUnavailableReason.ProviderError,
                    $"{provider} answered {status} with something that is not JSON."
                );
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(
                BorrowerCheckUnavailableReason.Timeout,
                $"{provider} did not answer within {endpoint.Timeout.TotalSeconds} s."
            );
        }
        catch (HttpRequestException ex)
        {
            return Failed(
                BorrowerCheckUnavailableReason.ProviderError,
                $"{provider} could not be reached: {ex.Message}"
            );
        }
    }

    /// <summary>A provider's refusal (an answer that is not its result): a <c>code</c> naming a captcha is
    /// <c>captcha</c>, the provider's own limit (<paramref name="limitedCode"/>) <c>rate_limited</c>, anything else
    /// <c>provider_error</c> with the status, code and message.</summary>
    public static CheckResult Refusal(string provider, ProviderAnswer answer, string? message, string? limitedCode)
    {
        var code = answer.Body?["code"]?.GetValue<string>() ?? "";
        return code.Contains("captcha", StringComparison.OrdinalIgnoreCase)
                ? CheckResult.Unavailable(BorrowerCheckUnavailableReason.Captcha, message)
            : code == limitedCode ? CheckResult.Unavailable(BorrowerCheckUnavailableReason.RateLimited, message)
            : CheckResult.Unavailable(
                BorrowerCheckUnavailableReason.ProviderError,
                $"{provider} answered {answer.Status}: {code} {message}".Trim()
            );
    }

    public static HttpRequestMessage Json(HttpMethod method, Uri address, object body) =>
        new(method, address) { Content = JsonContent.Create(body) };

    private static ProviderAnswer Failed(BorrowerCheckUnavailableReason reason, string detail) =>
        new(0, null, CheckResult.Unavailable(reason, detail));
}
