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
/// the provider's own timeout (<c>timeout</c>), and a 5xx, a refused connection or an answer that is not JSON read as
/// <c>provider_error</c>. Nothing here is read as clear.
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

    public static HttpRequestMessage Json(HttpMethod method, Uri address, object body) =>
        new(method, address) { Content = JsonContent.Create(body) };

    private static ProviderAnswer Failed(BorrowerCheckUnavailableReason reason, string detail) =>
        new(0, null, CheckResult.Unavailable(reason, detail));
}
