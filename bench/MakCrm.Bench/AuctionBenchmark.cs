using System.Globalization;
using System.Net;

namespace MakCrm.Bench;

/// <summary>
/// Bids through the API against the raw-Npgsql baseline (<see cref="BaselineBidServer"/>): each side gets a fresh
/// database migrated by the real migrations and prepared through the API the same way (franchisees, deposits,
/// lots); the same bidders then bid for the warm-up and the measured window; afterwards the invariants are checked
/// on each side's database (<see cref="AuctionVerification"/>).
/// </summary>
internal static class AuctionBenchmark
{
    public const double MinThroughputRatio = 0.8;

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        report.Heading("Lead auction — API: POST /api/v1/lots/{id}/bids; baseline: raw Npgsql doing the same SQL");
        report.Line($"{options.Bidders} bidders (each a franchisee with its own token) on {options.Lots} lots (start {AuctionSetup.StartPrice:0}, step {AuctionSetup.MinStep:0}), "
            + $"warm-up {options.Warmup.TotalSeconds:0.#} s, measured {options.AuctionDuration.TotalSeconds:0.#} s, closed loop, seed {options.Seed}");

        SideResult api;
        const string apiDatabase = "mak_bench_auction_api";
        await Databases.DropAsync(options.ServerConnection, apiDatabase, cancellationToken);
        var apiConnection = Databases.For(options.ServerConnection, apiDatabase);
        var process = await ApiProcess.StartAsync(options, apiDatabase, cancellationToken);
        AuctionRun apiRun;
        RunMonitor.Result apiMonitor;
        string apiLoad;
        try
        {
            report.Progress("API: registering franchisees, putting lots up");
            var world = await AuctionSetup.PrepareAsync(process.BaseUrl, apiConnection, options.Bidders, options.Lots, cancellationToken);
            await Databases.VacuumAnalyzeAsync(apiConnection, cancellationToken);
            (apiRun, apiMonitor, apiLoad) = await MeasureAsync("API", process.BaseUrl, lot => $"/api/v1/lots/{lot}/bids", world, apiConnection, process.ProcessId, options, report, cancellationToken);
            report.Line($"  API peak RSS {process.PeakResidentBytes() / 1048576.0:0} MB; log {process.LogPath}");
        }
        finally
        {
            await process.DisposeAsync(); // flushes the log before it is checked
        }

        api = new SideResult("API", apiRun, apiMonitor, apiLoad, await AuctionVerification.CheckAsync(apiConnection, apiRun, process.LogPath, cancellationToken));

        const string baselineDatabase = "mak_bench_auction_baseline";
        await Databases.DropAsync(options.ServerConnection, baselineDatabase, cancellationToken);
        var baselineConnection = Databases.For(options.ServerConnection, baselineDatabase);
        AuctionWorld baselineWorld;
        await using (var setupApi = await ApiProcess.StartAsync(options, baselineDatabase, cancellationToken))
        {
            report.Progress("baseline: registering franchisees, putting lots up (through the API, which then stops)");
            baselineWorld = await AuctionSetup.PrepareAsync(setupApi.BaseUrl, baselineConnection, options.Bidders, options.Lots, cancellationToken);
        }

        await Databases.VacuumAnalyzeAsync(baselineConnection, cancellationToken);
        SideResult baseline;
        await using (var server = await BaselineBidServer.StartAsync(baselineConnection, baselineWorld.Bidders, cancellationToken))
        {
            var (run, monitor, load) = await MeasureAsync("baseline", server.BaseUrl, BaselineBidServer.BidsPath, baselineWorld, baselineConnection, null, options, report, cancellationToken);
            baseline = new SideResult("baseline", run, monitor, load, await AuctionVerification.CheckAsync(baselineConnection, run, null, cancellationToken));
        }

        report.Line("");
        report.Table(
            ["side", "accepted bids/s", "bids/s", "p50 ms", "p95 ms", "p99 ms", "accepted p99 ms", "outbid (too low)", "other 4xx", "5xx", "no answer"],
            [api.Row(), baseline.Row()]);
        foreach (var side in new[] { api, baseline })
        {
            report.Line($"  {side.Name}: {AuctionVerification.Summary(side.Run)}; load average {side.LoadAverages}");
            report.Line($"  {side.Name}: {side.Monitor.Describe()}");
            report.Line($"  {side.Name}: {side.Run.Timeline(TimeSpan.FromSeconds(10))}");
            // Every bid, accepted or not, takes its lot's row lock first; while bids queue for every lot, the lots
            // pass their locks on back to back, so a lock's mean hold time is lots / bids per second.
            report.Line(FormattableString.Invariant(
                $"  {side.Name}: {side.Monitor.LockWaiting / options.Lots:0.0} bids queued per lot on average; if never idle, each lot lock was held {options.Lots * 1000 / side.Run.AttemptsPerSecond:0.0} ms per bid"));
            if (side.Run.FirstFailure is { } failure)
            {
                report.Line($"  {side.Name}: first failure: {failure}");
            }

            report.Line(side.Violations.Count == 0
                ? $"  {side.Name}: invariants hold (prices = highest accepted bids, holds = leading bids, balances = deposits - holds, no deadlock{(side.Name == "API" ? ", no error in the log" : "")})"
                : $"  {side.Name}: INVARIANTS BROKEN: {string.Join("; ", side.Violations.Take(10))}");
        }

        report.Line(CpuPerAttempt(api, baseline));
        var ratio = api.Run.AcceptedPerSecond / baseline.Run.AcceptedPerSecond;
        var valid = api.Valid && baseline.Valid;
        var pass = valid && ratio >= MinThroughputRatio;
        report.Line($"accepted bids/s API/baseline: {ratio:0.00} (target >= {MinThroughputRatio:0.0})  {(!valid ? "INVALID (failed requests or broken invariants)" : pass ? "PASS" : "FAIL")}");
        return pass;
    }

    private static async Task<(AuctionRun Run, RunMonitor.Result Monitor, string LoadAverages)> MeasureAsync(
        string side, Uri baseUrl, Func<Guid, string> bidsPath, AuctionWorld world, string databaseConnection, int? apiProcessId,
        BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var before = LoadAverage();
        report.Progress($"{side}: {world.Bidders.Count} bidders, warm-up {options.Warmup.TotalSeconds:0.#} s then {options.AuctionDuration.TotalSeconds:0.#} s");
        var load = new AuctionLoad(http, world, bidsPath, options.Seed).RunAsync(options.Warmup, options.AuctionDuration, cancellationToken);
        var monitor = RunMonitor.MeasureAsync(databaseConnection, apiProcessId, options.Warmup, options.AuctionDuration, cancellationToken);
        var analyze = AnalyzeAfterWarmupAsync(databaseConnection, options.Warmup, cancellationToken);
        var run = await load;
        await analyze;
        return (run, await monitor, $"{before} before, {LoadAverage()} after");
    }

    // The bids placed in the warm-up make the statistics those of a live auction (see Databases.AnalyzeAsync); ANALYZE
    // does not block the bids running meanwhile.
    private static async Task AnalyzeAfterWarmupAsync(string databaseConnection, TimeSpan warmup, CancellationToken cancellationToken)
    {
        await Task.Delay(warmup, cancellationToken);
        await Databases.AnalyzeAsync(databaseConnection, cancellationToken);
    }

    /// <summary>
    /// What each bid attempt cost in CPU: a steadier measure of the API's own overhead than the ratio, which moves by up
    /// to a third between runs of the same code as a run falls into the stale loop or not (bench/README.md). The
    /// baseline's endpoint shares the benchmark's process with the bidders, so its share is that process's less the
    /// bidders' share per attempt, as measured on the API's side (where the benchmark's process only bids).
    /// </summary>
    private static string CpuPerAttempt(SideResult api, SideResult baseline)
    {
        static double Milliseconds(double cores, double attemptsPerSecond) => cores * 1000 / attemptsPerSecond;
        var bidders = Milliseconds(api.Monitor.BenchCores, api.Run.AttemptsPerSecond);
        var endpoint = Milliseconds(baseline.Monitor.BenchCores, baseline.Run.AttemptsPerSecond) - bidders;
        return FormattableString.Invariant(
            $"CPU per bid attempt: API process {Milliseconds(api.Monitor.ApiCores, api.Run.AttemptsPerSecond):0.000} ms, baseline endpoint ~{endpoint:0.000} ms (bench process less the bidders' {bidders:0.000} ms); ")
            + FormattableString.Invariant(
                $"PostgreSQL {Milliseconds(api.Monitor.PostgresCores, api.Run.AttemptsPerSecond):0.000} ms (API) vs {Milliseconds(baseline.Monitor.PostgresCores, baseline.Run.AttemptsPerSecond):0.000} ms (baseline)");
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private sealed record SideResult(string Name, AuctionRun Run, RunMonitor.Result Monitor, string LoadAverages, List<string> Violations)
    {
        public bool Valid => Violations.Count == 0
            && Run.Count(BidOutcome.ServerError) == 0 && Run.Count(BidOutcome.TransportError) == 0 && Run.Count(BidOutcome.OtherRejection) == 0
            && Run.Count(BidOutcome.Accepted) > 0;

        public string[] Row() =>
        [
            Name,
            Run.AcceptedPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
            Run.AttemptsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
            Run.Percentile(50).ToString("0.0", CultureInfo.InvariantCulture),
            Run.Percentile(95).ToString("0.0", CultureInfo.InvariantCulture),
            Run.Percentile(99).ToString("0.0", CultureInfo.InvariantCulture),
            Run.Percentile(99, BidOutcome.Accepted).ToString("0.0", CultureInfo.InvariantCulture),
            Run.Measured.Count(a => a.Outcome == BidOutcome.TooLow).ToString(CultureInfo.InvariantCulture),
            Run.Count(BidOutcome.OtherRejection).ToString(CultureInfo.InvariantCulture),
            Run.Count(BidOutcome.ServerError).ToString(CultureInfo.InvariantCulture),
            Run.Count(BidOutcome.TransportError).ToString(CultureInfo.InvariantCulture),
        ];
    }
}
