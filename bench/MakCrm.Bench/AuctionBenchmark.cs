using System.Globalization;

namespace MakCrm.Bench;

/// <summary>
/// Bids through the API against the raw-Npgsql baseline (<see cref="BaselineBidServer"/>): each side gets a fresh
/// database migrated by the real migrations and prepared through the API the same way (franchisees, deposits,
/// lots); each side's bidders warm up, and then the sides take turns, slice by slice in ABBA order, so that a machine
/// that speeds up or slows down during the run weighs on both alike; afterwards the invariants are checked on each
/// side's database (<see cref="AuctionVerification"/>).
/// </summary>
internal static class AuctionBenchmark
{
    /// <summary>Accepted bids per second, API over baseline.</summary>
    public const double MinThroughputRatio = 0.7;

    /// <summary>Bid attempts (accepted or refused) per second, API over baseline.</summary>
    public const double MinAttemptsRatio = 0.85;

    /// <summary>
    /// Bids before each measured slice that are not measured: each side's server idles while the other has its turn
    /// (its thread pool lets idle threads go), so each side is running again before its slice is measured.
    /// </summary>
    public static readonly TimeSpan SliceLeadIn = TimeSpan.FromSeconds(2);

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var slice = options.AuctionDuration / options.Slices;
        report.Heading("Lead auction — API: POST /api/v1/lots/{id}/bids; baseline: raw Npgsql doing the same SQL");
        report.Line($"{options.Bidders} bidders (each a franchisee with its own token) on {options.Lots} lots (start {AuctionSetup.StartPrice:0}, step {AuctionSetup.MinStep:0}), "
            + $"warm-up {options.Warmup.TotalSeconds:0.#} s, measured {options.AuctionDuration.TotalSeconds:0.#} s per side in {options.Slices} slices of {slice.TotalSeconds:0.#} s taken in turns (ABBA), each after {SliceLeadIn.TotalSeconds:0} s unmeasured, closed loop, seed {options.Seed}");

        const string apiDatabase = "mak_bench_auction_api";
        const string baselineDatabase = "mak_bench_auction_baseline";
        await Databases.DropAsync(options.ServerConnection, apiDatabase, cancellationToken);
        await Databases.DropAsync(options.ServerConnection, baselineDatabase, cancellationToken);
        var apiConnection = Databases.For(options.ServerConnection, apiDatabase);
        var baselineConnection = Databases.For(options.ServerConnection, baselineDatabase);

        AuctionWorld baselineWorld;
        await using (var setupApi = await ApiProcess.StartAsync(options, baselineDatabase, cancellationToken))
        {
            report.Progress("baseline: registering franchisees, putting lots up (through the API, which then stops)");
            baselineWorld = await AuctionSetup.PrepareAsync(setupApi.BaseUrl, baselineConnection, options.Bidders, options.Lots, cancellationToken);
        }

        await Databases.VacuumAnalyzeAsync(baselineConnection, cancellationToken);

        AuctionRun apiRun, baselineRun;
        RunMonitor.Result apiMonitor, baselineMonitor;
        string loadAverages;
        var process = await ApiProcess.StartAsync(options, apiDatabase, cancellationToken);
        try
        {
            report.Progress("API: registering franchisees, putting lots up");
            var world = await AuctionSetup.PrepareAsync(process.BaseUrl, apiConnection, options.Bidders, options.Lots, cancellationToken);
            await Databases.VacuumAnalyzeAsync(apiConnection, cancellationToken);

            await using var server = await BaselineBidServer.StartAsync(options, baselineConnection, baselineWorld.Bidders, cancellationToken);
            using var apiSide = new Side("API", process.BaseUrl, lot => $"/api/v1/lots/{lot}/bids", world, apiConnection, process.ProcessId, options.Seed);
            using var baselineSide = new Side("baseline", server.BaseUrl, BaselineBidServer.BidsPath, baselineWorld, baselineConnection, server.ProcessId, options.Seed);
            Side[] sides = [apiSide, baselineSide];

            // The warm-up's bids make the statistics those of a live auction (see Databases.AnalyzeAsync).
            foreach (var side in sides)
            {
                report.Progress($"{side.Name}: {side.World.Bidders.Count} bidders, warm-up {options.Warmup.TotalSeconds:0.#} s");
                await side.Load.RunSliceAsync(options.Warmup, measured: false, cancellationToken);
                await Databases.AnalyzeAsync(side.Connection, cancellationToken);
            }

            report.Progress($"measuring: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
            var before = LoadAverage();
            foreach (var side in Turns.Abba(apiSide, baselineSide, options.Slices))
            {
                await side.MeasureSliceAsync(slice, cancellationToken);
            }

            loadAverages = $"load average {before} before the slices, {LoadAverage()} after";
            report.Line($"  peak RSS: API {process.PeakResidentBytes() / 1048576.0:0} MB (log {process.LogPath}), baseline {server.PeakResidentBytes() / 1048576.0:0} MB");
            (apiRun, apiMonitor) = (apiSide.Load.Result(), apiSide.Monitor());
            (baselineRun, baselineMonitor) = (baselineSide.Load.Result(), baselineSide.Monitor());
        }
        finally
        {
            await process.DisposeAsync(); // the API stops (and its last log lines are written) before its log is checked
        }

        var api = new SideResult("API", apiRun, apiMonitor, await AuctionVerification.CheckAsync(apiConnection, apiRun, process.LogPath, cancellationToken));
        var baseline = new SideResult("baseline", baselineRun, baselineMonitor, await AuctionVerification.CheckAsync(baselineConnection, baselineRun, null, cancellationToken));

        report.Line("");
        report.Table(
            ["side", "accepted bids/s", "bids/s", "p50 ms", "p95 ms", "p99 ms", "accepted p99 ms", "outbid (too low)", "other 4xx", "5xx", "no answer"],
            [api.Row(), baseline.Row()]);
        report.Line($"  {loadAverages}");
        foreach (var side in new[] { api, baseline })
        {
            report.Line($"  {side.Name}: {AuctionVerification.Summary(side.Run)}");
            report.Line($"  {side.Name}: {side.Monitor.Describe()}");
            report.Line($"  {side.Name}: {side.Run.Timeline()}");
            // Every bid, accepted or not, takes its lot's row lock first; while bids queue for every lot, the lots
            // pass their locks on back to back, so a lock's mean hold time is lots / bids per second.
            report.Line(FormattableString.Invariant(
                $"  {side.Name}: {side.Monitor.LockWaiting / options.Lots:0.0} bids queued per lot on average; if never idle, each lot lock was held {options.Lots * 1000 / side.Run.AttemptsPerSecond:0.0} ms per bid"));
            if (side.Run.FirstFailure is { } failure)
            {
                report.Line($"  {side.Name}: first failure: {failure}");
            }

            report.Line(side.Violations.Count == 0
                ? $"  {side.Name}: invariants hold (prices = highest accepted bids, holds = leading bids, balances = deposits - holds, running balances = ledger sums, no deadlock{(side.Name == "API" ? ", no error in the log" : "")})"
                : $"  {side.Name}: INVARIANTS BROKEN: {string.Join("; ", side.Violations.Take(10))}");
        }

        // What each bid attempt cost in CPU (the bench process is the bidders): a steadier measure of the API's own
        // overhead than the ratio, which moves by up to a third between runs of the same code as a run falls into the
        // stale loop or not (bench/README.md).
        var costs = report.CpuPer(
            "bid attempt", api.Monitor, api.Run.AttemptsPerSecond, baseline.Monitor, baseline.Run.AttemptsPerSecond);
        report.Line("accepted bids/s API/baseline per pair of slices: " + string.Join(", ", Enumerable.Range(0, options.Slices)
            .Select(i => (api.Run.AcceptedPerSecondIn(i) / baseline.Run.AcceptedPerSecondIn(i)).ToString("0.00", CultureInfo.InvariantCulture))));
        var ratio = api.Run.AcceptedPerSecond / baseline.Run.AcceptedPerSecond;
        var valid = api.Valid && baseline.Valid;
        var attempts = api.Run.AttemptsPerSecond / baseline.Run.AttemptsPerSecond;
        var acceptedPass = valid && ratio >= MinThroughputRatio;
        var attemptsPass = valid && attempts >= MinAttemptsRatio;
        string Verdict(bool pass) => !valid ? "INVALID (failed requests or broken invariants)" : pass ? "PASS" : "FAIL";
        report.Line($"accepted bids/s API/baseline: {ratio:0.00} (target >= {MinThroughputRatio:0.0#})  "
            + Verdict(acceptedPass));
        report.Line($"bid attempts/s API/baseline: {attempts:0.00} (target >= {MinAttemptsRatio:0.00})  "
            + Verdict(attemptsPass));
        report.Judged("auction", "accepted bids/s API/baseline", $"{ratio:0.00}", $">= {MinThroughputRatio:0.0#}",
            valid ? acceptedPass : null, costs);
        report.Judged("auction", "bid attempts/s API/baseline", $"{attempts:0.00}", $">= {MinAttemptsRatio:0.00}",
            valid ? attemptsPass : null, costs);
        return acceptedPass && attemptsPass;
    }

    /// <summary>One side of the comparison: its bidders, with their own connections to its server, and what its slices measured.</summary>
    private sealed class Side : IDisposable
    {
        private readonly LoadClient _client;
        private readonly int _serverProcessId;
        private readonly List<RunMonitor.Result> _windows = [];

        public Side(string name, Uri baseUrl, Func<Guid, string> bidsPath, AuctionWorld world, string connection, int serverProcessId, int seed)
        {
            (Name, World, Connection, _serverProcessId) = (name, world, connection, serverProcessId);
            _client = new LoadClient(baseUrl);
            Load = new AuctionLoad(_client.Http, world, bidsPath, seed);
        }

        public string Name { get; }

        public AuctionWorld World { get; }

        public string Connection { get; }

        public AuctionLoad Load { get; }

        public async Task MeasureSliceAsync(TimeSpan length, CancellationToken cancellationToken)
        {
            await Load.RunSliceAsync(SliceLeadIn, measured: false, cancellationToken);
            var monitor = RunMonitor.MeasureAsync(Connection, _serverProcessId, length, cancellationToken);
            await Load.RunSliceAsync(length, measured: true, cancellationToken);
            _windows.Add(await monitor);
        }

        public RunMonitor.Result Monitor() => RunMonitor.Result.Combine(_windows);

        public void Dispose() => _client.Dispose();
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private sealed record SideResult(string Name, AuctionRun Run, RunMonitor.Result Monitor, List<string> Violations)
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
