using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// <c>/metrics</c> on the metrics port of the Release API running as a process of its own (over the fixture's database,
/// with its tokens), scraped over HTTP and checked by Prometheus's own <c>promtool</c>; the alert rules checked and
/// unit-tested by promtool too. A process of its own, because in-process servers of a test run would share the
/// framework's meters.
/// </summary>
public sealed partial class MetricsTests(MetricsTests.Fixture server) : IClassFixture<MetricsTests.Fixture>, IDisposable
{
    /// <summary>The fixture's database and actors, and the API process with metrics on a free loopback port.</summary>
    public sealed class Fixture : ApiServerFixture
    {
        public ApiProcess Process { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Process = await ApiProcess.StartAsync(this, new Dictionary<string, string>
            {
                // A small API quota, which only the rate-limit test spends, and quick heartbeats for the stream test.
                ["Mak:RateLimits:ApiRequestsPerMinute"] = "30",
                ["Mak:Stream:HeartbeatInterval"] = "00:00:01",
                ["Mak:Mail:PollInterval"] = "00:00:00.200",
            });
        }

        public Uri MetricsAddress => Process.MetricsAddress;

        public async Task<HttpClient> CreateProcessClientAsync(TestActor actor) => Process.CreateHttpClient(await AccessTokenAsync(actor));

        public override async Task DisposeAsync()
        {
            if (Process is not null)
            {
                await Process.DisposeAsync();
            }

            await base.DisposeAsync();
        }
    }

    private readonly HttpClient _scraper = new();

    public void Dispose() => _scraper.Dispose();

    [Fact]
    public async Task A_scrape_passes_promtool_and_has_http_runtime_database_and_product_series()
    {
        using var partner = await server.CreateProcessClientAsync(TestActor.PartnerAlpha);
        (await partner.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await partner.GetAsync($"/api/v1/leads/{Guid.CreateVersion7()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // A request is measured when its pipeline ends, which may be just after the client has the answer.
        var leadById = @"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""404"",http_route=""/api/v1/leads/\{id:guid\}""";
        string scrape;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            using var response = await _scraper.GetAsync(new Uri(server.MetricsAddress, "/metrics"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
            scrape = await response.Content.ReadAsStringAsync();
        }
        while (!Regex.IsMatch(scrape, leadById) && DateTime.UtcNow < deadline && await Delay());

        var (exitCode, output) = await Promtool.RunAsync(scrape, "check", "metrics");
        exitCode.Should().Be(0, output);

        // Requests per route template and status, never a raw path (the lead's id is nowhere).
        scrape.Should().MatchRegex(@"http_server_request_duration_seconds_bucket\{[^}]*http_response_status_code=""200"",http_route=""/api/v1/leads/""");
        scrape.Should().MatchRegex(leadById);
        scrape.Should().NotContain("/api/v1/leads/0");
        scrape.Should().Contain("dotnet_process_cpu_time_seconds_total").And.Contain("dotnet_thread_pool_queue_length");
        scrape.Should().MatchRegex(@"db_client_connections\{[^}]*db_client_connection_pool_name=""mak""");
        scrape.Should().Contain("db_client_operation_duration_seconds_bucket");
        foreach (var gauge in new[]
                 {
                     "mak_events_outbox_lag_seconds", "mak_events_outbox_pending", "mak_webhooks_backlog", "mak_mail_backlog",
                     "mak_imports_unfinished", "mak_signing_key_created_time_seconds",
                 })
        {
            scrape.Should().MatchRegex($@"(?m)^{gauge}\{{[^}}]*\}} \d", gauge);
        }

        scrape.Should().MatchRegex(@"mak_worker_last_success_time_seconds\{[^}]*worker=""MailWorker""\} \d");
        scrape.Should().MatchRegex(@"mak_worker_interval_seconds\{[^}]*worker=""MailWorker""\} 0\.2");
        scrape.Should().Contain("mak_events_sequencer_turn_duration_seconds_bucket");
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_api_port()
    {
        using var http = server.Process.CreateHttpClient();

        (await http.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scrapes_are_not_counted_as_requests()
    {
        var scrape = await ScrapeAsync();
        for (var i = 0; i < 5; i++)
        {
            scrape = await ScrapeAsync();
        }

        // Kestrel counts the metrics port's connections (by port); the HTTP metrics leave its requests out.
        scrape.Should().Contain($"server_port=\"{server.MetricsAddress.Port}\"");
        scrape.Should().NotContain("/metrics");
    }

    [Fact]
    public async Task Bids_are_counted_by_outcome()
    {
        using var franchisee = await server.CreateProcessClientAsync(TestActor.Franchisee);
        var before = Value(await ScrapeAsync(), "mak_auction_bids_total", "outcome", "not_found");

        var bid = await franchisee.PostAsync(
            $"/api/v1/lots/{Guid.CreateVersion7()}/bids", new StringContent("""{"amount":1000}""", System.Text.Encoding.UTF8, "application/json"));
        bid.StatusCode.Should().Be(HttpStatusCode.NotFound);

        Value(await ScrapeAsync(), "mak_auction_bids_total", "outcome", "not_found").Should().BeGreaterThanOrEqualTo(before + 1);
    }

    [Fact]
    public async Task Rate_limit_refusals_are_counted_by_policy()
    {
        using var guest = await server.CreateProcessClientAsync(TestActor.Guest);
        var before = Value(await ScrapeAsync(), "mak_rate_limit_refusals_total", "policy", "api");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await guest.GetAsync("/api/v1/me")).StatusCode);
        }

        statuses.Should().Contain(HttpStatusCode.TooManyRequests);
        Value(await ScrapeAsync(), "mak_rate_limit_refusals_total", "policy", "api").Should().BeGreaterThanOrEqualTo(before + 1);
    }

    [Fact]
    public async Task An_open_stream_is_counted_while_it_is_open()
    {
        using var admin = await server.CreateProcessClientAsync(TestActor.Admin);
        var before = Value(await ScrapeAsync(), "mak_stream_connections", null, null);

        using (var stream = await admin.GetAsync("/api/v1/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            stream.StatusCode.Should().Be(HttpStatusCode.OK);
            Value(await ScrapeAsync(), "mak_stream_connections", null, null).Should().BeGreaterThanOrEqualTo(before + 1);
        }

        // The server notices the closed connection at its next write or heartbeat.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Value(await ScrapeAsync(), "mak_stream_connections", null, null) > before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Value(await ScrapeAsync(), "mak_stream_connections", null, null).Should().BeLessThanOrEqualTo(before);
    }

    [Fact]
    public async Task The_alert_rules_load_and_pass_their_unit_tests()
    {
        var directory = Path.Combine(Repository.Root(), "deploy", "prometheus");

        var check = await Promtool.RunAsync(null, "check", "rules", Path.Combine(directory, "alerts.yml"));
        check.ExitCode.Should().Be(0, check.Output);
        var unitTests = await Promtool.RunAsync(null, "test", "rules", Path.Combine(directory, "alerts.test.yml"));
        unitTests.ExitCode.Should().Be(0, unitTests.Output);
        var config = await Promtool.RunAsync(null, "check", "config", Path.Combine(directory, "prometheus.yml"));
        config.ExitCode.Should().Be(0, config.Output);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    private async Task<string> ScrapeAsync() => await _scraper.GetStringAsync(new Uri(server.MetricsAddress, "/metrics"));

    /// <summary>The value of the series of <paramref name="name"/> with the label (or the first, without one); 0 when absent.</summary>
    private static double Value(string scrape, string name, string? label, string? value)
    {
        foreach (Match line in SeriesLine().Matches(scrape))
        {
            if (line.Groups["name"].Value == name && (label is null || line.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>[-0-9.eE+]+)")]
    private static partial Regex SeriesLine();
}
