using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Webhooks;

namespace MakCrm.Bench;

/// <summary>
/// What the event benchmarks share: the API's settings for a local receiver and a webhook subscription made through
/// the API. The <c>events</c> benchmark itself is the lead benchmark's variant <see cref="LeadCreationBenchmark.Events"/>.
/// </summary>
internal static class EventsBenchmark
{
    public const double MinThroughputRatio = 0.8;

    /// <summary>
    /// The receiver is on 127.0.0.1, which production refuses (the SSRF guard); <c>./mak run</c> allows it the same way.
    /// Nothing else of the webhook configuration is changed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ApiSettings = new Dictionary<string, string>
    {
        ["Mak__Webhooks__AllowPrivateTargets"] = "true",
    };

    /// <summary>
    /// The events baseline (<see cref="BaselineEventsServer"/>) on its database, delivering to
    /// <paramref name="receiver"/> under a secret made here, as a subscription's is.
    /// </summary>
    public static Task<ServerProcess> StartBaselineAsync(
        BenchOptions options, FreshDatabase database, WebhookReceiver receiver, CancellationToken cancellationToken)
    {
        var secret = WebhookSigning.Show(WebhookSigning.NewKey());
        receiver.UseSecret(secret);
        var input = new BaselineEventsServer.Input(database.Partner, receiver.Url, secret);
        return BaselineEventsServer.StartAsync(options, database.Connection, input, cancellationToken);
    }

    /// <summary>Subscribes the receiver through <c>POST /api/v1/webhooks</c> and hands it the secret; the subscription's id.</summary>
    public static async Task<Guid> SubscribeAsync(Uri apiBaseUrl, string accessToken, WebhookReceiver receiver, string[] eventTypes, CancellationToken cancellationToken, bool enabled = true)
    {
        using var http = new HttpClient { BaseAddress = apiBaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks")
        {
            Content = JsonContent.Create(new { url = receiver.Url, eventTypes, description = "bench receiver", enabled }, options: new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/v1/webhooks answered {(int)response.StatusCode}: {text}");
        }

        var created = JsonNode.Parse(text)!.AsObject();
        receiver.UseSecret(created["secret"]!.GetValue<string>());
        return created["subscription"]!["id"]!.GetValue<Guid>();
    }
}
