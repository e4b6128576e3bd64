using System.Globalization;
using System.Net;

namespace MakCrm.Bench;

/// <summary>
/// Lead creation through the API against the raw-Npgsql baseline: each side gets a fresh database migrated by the
/// real migrations, with the same partner, and the same payload stream; a warm-up, a closed loop for the maximum
/// throughput, then an open loop at half of that side's maximum for the latencies.
/// </summary>
internal static class LeadCreationBenchmark
{
    public const double MinThroughputRatio = 0.7;
    public const double MaxP95Ms = 25;
    private const double MaxErrorRate = 0.01;

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var target = LeadTargets.Create(options.LeadTarget);
        report.Heading($"Lead creation — API: {target.Describe}; baseline: raw Npgsql doing the work of lead-submissions");
        report.Line($"{options.Concurrency} closed-loop workers, warm-up {options.Warmup.TotalSeconds:0.#} s, closed and open loop {options.Duration.TotalSeconds:0.#} s each, "
            + $"{options.DuplicateFraction:P0} repeated contacts, seed {options.Seed}");

        SideResult api;
        var (apiDatabase, process) = await FreshDatabase.StartApiAsync(options, "mak_bench_leads_api", cancellationToken);
        await using (process)
        {
            await target.PrepareAsync(apiDatabase.Connection, apiDatabase.Partner, options, cancellationToken);
            await Databases.VacuumAnalyzeAsync(apiDatabase.Connection, cancellationToken);
            var payloads = new LeadPayloads(options.Seed, options.DuplicateFraction);
            var token = apiDatabase.Partner.AccessToken;
            api = await MeasureAsync("API", process.BaseUrl, apiDatabase.Connection, () => target.Request(payloads.Next(), token), options, report, cancellationToken);
            report.Line($"  API database: {await RowsAsync(apiDatabase.Connection, cancellationToken)}; contacts issued {payloads.ContactsIssued}"
                + (target is LeadsTarget { Wrapped: > 0 } leads ? $"; {leads.Wrapped} leads past --client-pool reused a pool client" : ""));
            report.Line($"  API peak RSS {process.PeakResidentBytes() / 1048576.0:0} MB; log {process.LogPath}");
        }

        SideResult baseline;
        var baselineDatabase = await FreshDatabase.PrepareAsync(options, "mak_bench_leads_baseline", cancellationToken);
        await using (var server = await BaselineServer.StartAsync(baselineDatabase.Connection, baselineDatabase.Partner, cancellationToken))
        {
            var payloads = new LeadPayloads(options.Seed, options.DuplicateFraction);
            // The baseline checks no token; it gets one all the same, so that both sides receive requests of the same size.
            var token = baselineDatabase.Partner.AccessToken;
            baseline = await MeasureAsync("baseline", server.BaseUrl, baselineDatabase.Connection, () => LeadTargets.Post(BaselineServer.Path, token, writer => LeadSubmissionBody.Write(writer, payloads.Next())),
                options, report, cancellationToken);
            report.Line($"  baseline database: {await RowsAsync(baselineDatabase.Connection, cancellationToken)}");
        }

        report.Line("");
        report.Table(
            ["side", "max req/s", "half-rate req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            [api.Row(), baseline.Row()]);
        var ratio = api.Max.Throughput / baseline.Max.Throughput;
        var p95 = api.Half.Percentile(95);
        var valid = api.Valid && baseline.Valid;
        var ratioPass = valid && ratio >= MinThroughputRatio;
        var latencyPass = valid && p95 < MaxP95Ms;
        report.Line($"throughput API/baseline: {ratio:0.00} (target >= {MinThroughputRatio:0.0})  {Verdict(ratioPass, valid)}");
        report.Line($"API p95 at half its maximum rate: {p95:0.0} ms (target < {MaxP95Ms:0} ms)  {Verdict(latencyPass, valid)}");
        if (options.LeadTarget == LeadTargetKind.Leads)
        {
            report.Line("note: POST /api/v1/leads does less work than the baseline (no contact lookup, no new client, no duplicate control);"
                + " the like-for-like comparison is --lead-target lead-submissions.");
        }

        return ratioPass && latencyPass;
    }

    private static string Verdict(bool pass, bool valid) => !valid ? "INVALID (errors above 1%)" : pass ? "PASS" : "FAIL";

    private static async Task<SideResult> MeasureAsync(
        string side, Uri baseUrl, string database, Func<HttpRequestMessage> next, BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var load = new LoadGenerator(http, next);

        report.Progress($"{side}: warm-up");
        await load.ClosedLoopAsync(options.Concurrency, options.Warmup, cancellationToken);
        await Databases.AnalyzeAsync(database, cancellationToken);
        report.Progress($"{side}: closed loop");
        var max = await load.ClosedLoopAsync(options.Concurrency, options.Duration, cancellationToken);
        var rate = max.Throughput / 2;
        if (rate < 1)
        {
            throw new InvalidOperationException($"{side}: the closed loop completed {max.Succeeded} requests ({max.Failed} failed): {max.FirstFailure}");
        }

        report.Progress($"{side}: open loop at {rate:0.#} req/s");
        var half = await load.OpenLoopAsync(rate, options.Duration, cancellationToken);
        var result = new SideResult(side, max, half);
        foreach (var failure in new[] { max.FirstFailure, half.FirstFailure }.OfType<string>().Distinct())
        {
            report.Line($"  {side}: first failure: {failure}");
        }

        return result;
    }

    private static async Task<string> RowsAsync(string connection, CancellationToken cancellationToken)
    {
        var clients = await Databases.CountAsync(connection, "SELECT count(*) FROM clients", cancellationToken);
        var leads = await Databases.CountAsync(connection, "SELECT count(*) FROM leads", cancellationToken);
        var history = await Databases.CountAsync(connection, "SELECT count(*) FROM lead_history", cancellationToken);
        var notifications = await Databases.CountAsync(connection, "SELECT count(*) FROM notifications WHERE kind = 'lead_duplicate'", cancellationToken);
        var audit = await Databases.CountAsync(connection, "SELECT count(*) FROM audit_events WHERE kind = 'data'", cancellationToken);
        return $"{clients} clients, {leads} leads, {history} history rows, {notifications} duplicate notifications, {audit} data audit events";
    }

    private sealed record SideResult(string Side, LoadResult Max, LoadResult Half)
    {
        public bool Valid => ErrorRate(Max) <= MaxErrorRate && ErrorRate(Half) <= MaxErrorRate;

        public string[] Row() =>
        [
            Side,
            Max.Throughput.ToString("0.0", CultureInfo.InvariantCulture),
            Half.Throughput.ToString("0.0", CultureInfo.InvariantCulture),
            Half.Percentile(50).ToString("0.0", CultureInfo.InvariantCulture),
            Half.Percentile(95).ToString("0.0", CultureInfo.InvariantCulture),
            Half.Percentile(99).ToString("0.0", CultureInfo.InvariantCulture),
            (Max.Failed + Half.Failed).ToString(CultureInfo.InvariantCulture),
        ];

        private static double ErrorRate(LoadResult r) => r.Failed / (double)Math.Max(1, r.Succeeded + r.Failed);
    }
}
