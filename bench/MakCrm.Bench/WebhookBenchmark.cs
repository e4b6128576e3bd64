using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// Webhook delivery by the API's own worker to a verifying receiver (<see cref="WebhookReceiver"/>): a backlog of
/// <c>lead.created</c> events is made while the partner's subscription is disabled, then the subscription is enabled
/// and the deliveries are timed from that moment to the last one recorded as succeeded — fan-out and delivery, the
/// worker's whole job. Then commit→delivery latency at a modest rate of lead creations through the API, and the
/// receiver's own capacity with a raw HttpClient posting signed bodies to it, for a ratio.
/// </summary>
internal static class WebhookBenchmark
{
    public const double MinDeliveriesPerSecond = 1000;

    /// <summary>Real lead creations through the API whose events are the templates of the backlog.</summary>
    private const int TemplateLeads = 20;

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        report.Heading("Webhook delivery — the API's delivery worker to a local receiver that checks every signature");
        report.Line($"backlog {options.WebhookBacklog} lead.created events, then {options.Duration.TotalSeconds:0.#} s of lead creations at {options.EventRate:0.#}/s for the latency, "
            + $"then the receiver alone for {options.Duration.TotalSeconds:0.#} s with {WebhookConcurrency} concurrent raw posts");

        const string database = "mak_bench_webhooks_api";
        var (fresh, process) = await FreshDatabase.StartApiAsync(options, database, cancellationToken, EventsBenchmark.ApiSettings);
        await using var receiver = await WebhookReceiver.StartAsync();
        double deliveriesPerSecond, deliveryPhasePerSecond, capacity;
        RunMonitor.Result deliveryCpu, receiverCpu;
        long undelivered;
        LatencyResult latency;
        await using (process)
        {
            using var http = new LoadClient(process.BaseUrl);
            var token = fresh.Partner.AccessToken;
            var subscription = await EventsBenchmark.SubscribeAsync(process.BaseUrl, token, receiver, ["lead.created"], cancellationToken, enabled: false);

            report.Progress($"making the backlog: {TemplateLeads} leads through the API, then their events copied to {options.WebhookBacklog} in all");
            var payloads = new LeadPayloads(options.Seed, duplicateFraction: 0);
            for (var i = 0; i < TemplateLeads; i++)
            {
                using var request = LeadTargets.Post("/api/v1/lead-submissions", token, writer => LeadSubmissionBody.Write(writer, payloads.Next()));
                using var response = await http.Http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }

            var backlog = await FillBacklogAsync(fresh.Connection, options.WebhookBacklog, cancellationToken);
            await WaitAsync(fresh.Connection, "SELECT count(*) FROM events WHERE sequence IS NULL", 0, TimeSpan.FromMinutes(5), cancellationToken);
            await Databases.VacuumAnalyzeAsync(fresh.Connection, cancellationToken);

            // The clock starts when the subscription is enabled: the worker notices at its next poll (at most
            // Mak:Webhooks:PollInterval, 1 s) — part of the measured time, as it is of a real receiver's wait.
            report.Progress($"enabling the subscription: {backlog} deliveries due");
            var monitor = await RunMonitor.StartAsync(fresh.Connection, process.ProcessId, cancellationToken);
            var clock = Stopwatch.StartNew();
            var enabledAt = Stopwatch.GetTimestamp();
            await EnableAsync(process.BaseUrl, token, subscription, cancellationToken);
            var deadline = TimeSpan.FromSeconds(Math.Max(120, backlog / 100.0));
            while (receiver.Distinct < backlog && clock.Elapsed < deadline)
            {
                await Task.Delay(20, cancellationToken);
            }

            // Completed = recorded as succeeded by the API (the receiver has seen them all by now, or the deadline passed).
            await WaitAsync(fresh.Connection, "SELECT count(*) FROM webhook_deliveries WHERE status <> 'succeeded'", 0, deadline - clock.Elapsed, cancellationToken);
            var recorded = clock.Elapsed;
            deliveryCpu = await monitor.StopAsync(cancellationToken);
            undelivered = await Databases.CountAsync(fresh.Connection, "SELECT count(*) FROM webhook_deliveries WHERE status <> 'succeeded'", cancellationToken);
            var arrivals = receiver.Arrivals.Values.Select(a => a.Timestamp).Order().ToArray();
            var succeeded = backlog - undelivered;
            deliveriesPerSecond = succeeded / recorded.TotalSeconds;
            var firstToLast = arrivals.Length > 1 ? Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]) : TimeSpan.Zero;
            deliveryPhasePerSecond = arrivals.Length > 1 ? (arrivals.Length - 1) / firstToLast.TotalSeconds : 0;
            report.Line($"  backlog: {succeeded} of {backlog} deliveries recorded as succeeded {recorded.TotalSeconds:0.00} s after the subscription was enabled; "
                + $"first arrival at {Stopwatch.GetElapsedTime(enabledAt, arrivals.FirstOrDefault(enabledAt)).TotalSeconds:0.00} s, last at {Stopwatch.GetElapsedTime(enabledAt, arrivals.LastOrDefault(enabledAt)).TotalSeconds:0.00} s");
            report.Line($"  per second of the receiver's arrivals: {string.Join(", ", PerSecond(arrivals))}");
            report.Line($"  attempts recorded: {await Databases.CountAsync(fresh.Connection, "SELECT count(*) FROM webhook_attempts", cancellationToken)}, "
                + $"of them failed: {await Databases.CountAsync(fresh.Connection, "SELECT count(*) FROM webhook_attempts WHERE NOT succeeded", cancellationToken)}");

            report.Progress($"latency: lead creations at {options.EventRate:0.#}/s for {options.Duration.TotalSeconds:0.#} s");
            latency = await MeasureLatencyAsync(http.Http, token, payloads, receiver, options.EventRate, options.Duration, cancellationToken);

            report.Progress($"the receiver alone: {WebhookConcurrency} concurrent raw posts for {options.Duration.TotalSeconds:0.#} s");
            var body = await SampleBodyAsync(fresh.Connection, cancellationToken);
            var receiverMonitor = await RunMonitor.StartAsync(
                fresh.Connection, Environment.ProcessId, cancellationToken);
            capacity = await ReceiverCapacityAsync(receiver, body, options.Duration, cancellationToken);
            receiverCpu = await receiverMonitor.StopAsync(cancellationToken);
            report.Line($"  peak RSS: API {process.PeakResidentBytes() / 1048576.0:0} MB (log {process.LogPath})");
        }

        report.Line("");
        report.Table(
            ["measure", "value"],
            [
                ["deliveries/s, enable → last recorded", deliveriesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)],
                ["deliveries/s, first → last arrival", deliveryPhasePerSecond.ToString("0.0", CultureInfo.InvariantCulture)],
                ["receiver alone, raw signed posts/s", capacity.ToString("0.0", CultureInfo.InvariantCulture)],
                ["refused by the signature check", receiver.FailedSignatures.ToString(CultureInfo.InvariantCulture)],
                ["repeated deliveries", receiver.Repeats.ToString(CultureInfo.InvariantCulture)],
                ["latency: leads created / delivered", $"{latency.Created} / {latency.Delivered}"],
                ["commit→delivery p50 / p95 / p99 ms (from the 201)", $"{latency.P(50):0.0} / {latency.P(95):0.0} / {latency.P(99):0.0}"],
                ["request start→delivery p95 ms (upper bound)", latency.UpperP95.ToString("0.0", CultureInfo.InvariantCulture)],
            ]);
        if (receiver.FirstFailure is { } failure)
        {
            report.Line($"first refusal: {failure}");
        }

        var pass = deliveriesPerSecond >= MinDeliveriesPerSecond && receiver.FailedSignatures == 0 && undelivered == 0 && latency.Delivered == latency.Created;
        // The API's side: its process (fan-out, signing, sending) and PostgreSQL per delivery, from enabling to the
        // last recorded; the receiver alone: the bench process, which both posts and receives.
        var costs = report.CpuPer("delivery", deliveryCpu, deliveriesPerSecond, receiverCpu, capacity,
            "the receiver alone: its server process is the bench process, which posts and receives; "
            + "on the API's side the bench process is the receiver");
        report.Line($"deliveries/s API / receiver alone: {deliveriesPerSecond / capacity:0.00}");
        report.Line($"deliveries/s from enabling: {deliveriesPerSecond:0} (target >= {MinDeliveriesPerSecond:0}), every one verified and delivered: "
            + $"{(receiver.FailedSignatures == 0 && undelivered == 0 && latency.Delivered == latency.Created ? "yes" : "NO")}  {(pass ? "PASS" : "FAIL")}");
        report.Judged("webhooks", "deliveries/s, all verified (API/receiver alone)",
            $"{deliveriesPerSecond:0} ({deliveriesPerSecond / capacity:0.00})", $">= {MinDeliveriesPerSecond:0}", pass,
            costs);
        return pass;
    }

    /// <summary>Concurrent posts of the receiver-capacity run: the worker's batch (Mak:Webhooks:BatchSize, 64).</summary>
    private const int WebhookConcurrency = 64;

    /// <summary>
    /// Copies the lead.created events of the template leads into a backlog of <paramref name="total"/> (with new ids and
    /// times after the subscription was made, the rest as the API wrote them), in one statement; the sequencer numbers
    /// them as it numbers any commit. Returns how many lead.created events there are in all.
    /// </summary>
    private static async Task<int> FillBacklogAsync(string connection, int total, CancellationToken cancellationToken)
    {
        const string copy = """
            INSERT INTO events (id, type, occurred_at, organization_id, actor_user_id, actor_client_id, actor_display_name, resource_type, resource_id, data)
            SELECT gen_random_uuid(), t.type, clock_timestamp(), t.organization_id, t.actor_user_id, t.actor_client_id, t.actor_display_name, t.resource_type, t.resource_id, t.data
            FROM generate_series(1, $1) g
            JOIN (SELECT *, row_number() OVER (ORDER BY position) - 1 AS n, count(*) OVER () AS templates FROM events WHERE type = 'lead.created') t ON t.n = g % t.templates
            """;
        var templates = (int)await Databases.CountAsync(connection, "SELECT count(*) FROM events WHERE type = 'lead.created'", cancellationToken);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(copy, db) { CommandTimeout = 0, Parameters = { new() { Value = Math.Max(0, total - templates) } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (int)await Databases.CountAsync(connection, "SELECT count(*) FROM events WHERE type = 'lead.created'", cancellationToken);
    }

    private static async Task EnableAsync(Uri apiBaseUrl, string token, Guid subscription, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = apiBaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/webhooks/{subscription}");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var current = await http.SendAsync(get, cancellationToken);
        current.EnsureSuccessStatusCode();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/webhooks/{subscription}")
        {
            Content = JsonContent.Create(new { enabled = true }),
        };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        patch.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await http.SendAsync(patch, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PATCH /api/v1/webhooks/{subscription} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task WaitAsync(string connection, string countSql, long until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (await Databases.CountAsync(connection, countSql, cancellationToken) > until && clock.Elapsed < timeout)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static IEnumerable<string> PerSecond(long[] arrivals)
    {
        if (arrivals.Length == 0)
        {
            return [];
        }

        return arrivals.GroupBy(a => (int)Stopwatch.GetElapsedTime(arrivals[0], a).TotalSeconds)
            .OrderBy(g => g.Key).Select(g => g.Count().ToString(CultureInfo.InvariantCulture));
    }

    internal sealed record LatencyResult(int Created, int Delivered, double[] FromAnswerMs, double UpperP95)
    {
        public double P(double p) => Percentile(FromAnswerMs, p);
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>
    /// Leads through <c>POST /api/v1/lead-submissions</c> at <paramref name="rate"/> (open loop), each timed from its 201
    /// (its transaction has committed by then: a lower bound of commit→delivery) and from when it was sent (an upper
    /// bound) to the arrival of its <c>lead.created</c> at the receiver.
    /// </summary>
    internal static async Task<LatencyResult> MeasureLatencyAsync(
        HttpClient http, string token, LeadPayloads payloads, WebhookReceiver receiver, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var created = new System.Collections.Concurrent.ConcurrentDictionary<string, (long Sent, long Answered)>();
        await OpenLoop.RunAsync(rate, duration, async (_, _, _) =>
        {
            using var request = LeadTargets.Post("/api/v1/lead-submissions", token, writer => LeadSubmissionBody.Write(writer, payloads.Next()));
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            if (response.IsSuccessStatusCode && JsonNode.Parse(text)?["lead"]?["id"]?.GetValue<string>() is { } id)
            {
                created[id] = (sent, answered);
            }
        }, cancellationToken);
        var waitForLast = Stopwatch.StartNew();
        var byLead = () => receiver.Arrivals.Values.Where(a => a.ResourceId is not null && created.ContainsKey(a.ResourceId)).ToDictionary(a => a.ResourceId!, a => a.Timestamp);
        var arrived = byLead();
        while (arrived.Count < created.Count && waitForLast.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, cancellationToken);
            arrived = byLead();
        }

        var fromAnswer = arrived.Select(a => Stopwatch.GetElapsedTime(created[a.Key].Answered, a.Value).TotalMilliseconds).Order().ToArray();
        var fromSent = arrived.Select(a => Stopwatch.GetElapsedTime(created[a.Key].Sent, a.Value).TotalMilliseconds).Order().ToArray();
        return new LatencyResult(created.Count, arrived.Count, fromAnswer, Percentile(fromSent, 95));
    }

    private static async Task<byte[]> SampleBodyAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT body FROM webhook_deliveries ORDER BY created_at DESC LIMIT 1", db);
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The receiver's capacity alone: <see cref="WebhookConcurrency"/> workers posting a delivery's body with fresh
    /// Standard Webhooks headers (a new message id each, signed as the API signs) in a closed loop; verified posts/s.
    /// </summary>
    private static async Task<double> ReceiverCapacityAsync(WebhookReceiver receiver, byte[] body, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = new LoadClient(receiver.BaseUrl);
        long ok = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, WebhookConcurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var id = "msg_" + Guid.NewGuid();
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Post, WebhookReceiver.Path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation("webhook-id", id);
                request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
                request.Headers.TryAddWithoutValidation("webhook-signature", WebhookReceiver.Signature(receiver.Key, id, timestamp, body));
                using var response = await client.Http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        return ok / clock.Elapsed.TotalSeconds;
    }
}
