using System.Diagnostics;
using System.Globalization;

namespace MakCrm.Bench;

/// <summary>
/// Lead creation through the API against the raw-Npgsql baseline: each side gets a fresh database migrated by the
/// real migrations, with the same partner, and the same payload stream, and its server in a process of its own. Each
/// side warms up; then the closed loop for the maximum throughput is cut into slices that the sides take in turns
/// (ABBA, each after 2 s unmeasured), so that the machine's drift weighs on both alike; last, each side's open loop at
/// half of its maximum for the latencies.
/// </summary>
internal static class LeadCreationBenchmark
{
    public const double MinThroughputRatio = 0.85;
    public const double MaxP95Ms = 25;
    private const double MaxErrorRate = 0.01;

    /// <summary>The lead benchmark (<c>leads</c>): ≥ 0.85 of the baseline's throughput, p95 under 25 ms.</summary>
    public static readonly LeadVariant Leads = new(
        "leads",
        "Lead creation",
        MinThroughputRatio,
        MaxP95Ms,
        Webhook: false
    );

    /// <summary>
    /// The events benchmark (<c>events</c>): the same, with one enabled webhook subscription for <c>lead.created</c> of the
    /// partner's to a verifying receiver, whose deliveries the API makes while it takes leads: throughput ≥ 0.8.
    /// </summary>
    public static readonly LeadVariant Events = new(
        "events",
        "Lead creation with events and a subscribed webhook",
        EventsBenchmark.MinThroughputRatio,
        null,
        Webhook: true
    );

    /// <summary>
    /// Lead creation with an Idempotency-Key on every request, as lead platforms send them: both sides claim the key
    /// and
    /// store the answer in the submission's transaction (the baseline with the API's own statements, ADR 0034).
    /// </summary>
    public static readonly LeadVariant LeadsWithKeys = new(
        "leads_keys",
        "Lead creation, an Idempotency-Key on every request",
        MinThroughputRatioWithKeys,
        MaxP95Ms,
        Webhook: false
    );

    /// <summary>
    /// Lead creation while automation rules run on the event feed (<c>leads-automation</c>): the partner's rules act on
    /// every <c>lead.created</c> (a task for each lead, and a notification for the large ones) in the API's automation
    /// worker, work the baseline does not do. Measured right after the plain <see cref="Leads"/> in the same run; the
    /// target is that its ratio stays within <see cref="MaxAutomationRatioDrop"/> of the plain one.
    /// </summary>
    public static readonly LeadVariant LeadsBesideAutomation = new(
        "leads_automation",
        "Lead creation while automation rules run on the event feed",
        MinThroughputRatio,
        MaxP95Ms,
        Webhook: false,
        Automation: true
    );

    /// <summary>How much lower the lead creation's ratio may be while automation rules run.</summary>
    public const double MaxAutomationRatioDrop = 0.05;

    /// <summary>The keyed submissions' target: at least 0.8 of a baseline that stores the keys the same way.</summary>
    public const double MinThroughputRatioWithKeys = 0.8;

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken) =>
        await RunAsync(options.Keys ? LeadsWithKeys : Leads, options, report, cancellationToken);

    public static async Task<bool> RunAsync(
        LeadVariant variant,
        BenchOptions options,
        Report report,
        CancellationToken cancellationToken
    ) => (await MeasureAsync(variant, options, report, cancellationToken)).Pass;

    /// <summary>
    /// The plain lead creation, then the same with the automation rules defined (<see cref="LeadsBesideAutomation"/>),
    /// each against its own baseline: the rules' worker may take the ratio down by at most
    /// <see cref="MaxAutomationRatioDrop"/>.
    /// </summary>
    public static async Task<bool> RunBesideAutomationAsync(
        BenchOptions options,
        Report report,
        CancellationToken cancellationToken
    )
    {
        var plain = await MeasureAsync(Leads, options, report, cancellationToken);
        var ruled = await MeasureAsync(LeadsBesideAutomation, options, report, cancellationToken);
        var drop = plain.Ratio - ruled.Ratio;
        var valid = plain.Valid && ruled.Valid;
        var pass = valid && drop <= MaxAutomationRatioDrop;
        report.Line(
            $"ratio without rules {plain.Ratio:0.00}, with rules {ruled.Ratio:0.00}: down by {drop:0.00} (target <= "
                + $"{MaxAutomationRatioDrop:0.00})  {Verdict(pass, valid)}"
        );
        report.Judged(
            LeadsBesideAutomation.Name,
            "ratio without rules − with rules",
            $"{drop:0.00}",
            $"<= {MaxAutomationRatioDrop:0.00}",
            valid ? pass : null,
            null
        );
        return plain.Pass && ruled.Pass && pass;
    }

    /// <summary>What a lead benchmark measured: its verdict, the throughput ratio and whether both sides were
    /// valid.</summary>
    internal sealed record LeadOutcome(bool Pass, double Ratio, bool Valid);

    private static async Task<LeadOutcome> MeasureAsync(
        LeadVariant variant,
        BenchOptions options,
        Report report,
        CancellationToken cancellationToken
    )
    {
        var target = LeadTargets.Create(options.LeadTarget);
        var slice = options.Duration / options.Slices;
        report.Heading(
            $"{variant.Title} — API: {target.Describe}; baseline: raw Npgsql doing the work of lead-submissions"
        );
        report.Line(
            $"{options.Concurrency} closed-loop workers, warm-up {options.Warmup.TotalSeconds:0.#} s, closed loop "
                + $"{options.Duration.TotalSeconds:0.#} s per side "
                + $"in {options.Slices} slices of {slice.TotalSeconds:0.#} s taken in turns (ABBA), each after "
                + $"{AuctionBenchmark.SliceLeadIn.TotalSeconds:0} s unmeasured, "
                + $"open loop {options.Duration.TotalSeconds:0.#} s per side, {options.DuplicateFraction:P0} "
                + $"repeated contacts, seed {options.Seed}"
        );

        // The baseline's database first, prepared by an API process that then stops.
        var baselineDatabase = await FreshDatabase.PrepareAsync(
            options,
            $"mak_bench_{variant.Name}_baseline",
            cancellationToken
        );
        var (apiDatabase, process) = await FreshDatabase.StartApiAsync(
            options,
            $"mak_bench_{variant.Name}_api",
            cancellationToken,
            variant.Webhook ? EventsBenchmark.ApiSettings : null
        );
        SideResult api,
            baseline;
        WebhookReceiver? receiver = null,
            baselineReceiver = null;
        AutomationRules.Outcome? automation = null;
        await using (process)
        {
            await target.PrepareAsync(apiDatabase.Connection, apiDatabase.Partner, options, cancellationToken);
            if (variant.Automation)
            {
                await AutomationRules.DefineAsync(process.BaseUrl, apiDatabase.Partner.AccessToken, cancellationToken);
                report.Line($"  automation: {AutomationRules.Described}");
            }

            if (variant.Webhook)
            {
                receiver = await WebhookReceiver.StartAsync();
                await EventsBenchmark.SubscribeAsync(
                    process.BaseUrl,
                    apiDatabase.Partner.AccessToken,
                    receiver,
                    ["lead.created"],
                    cancellationToken
                );
                baselineReceiver = await WebhookReceiver.StartAsync();
                report.Line(
                    $"  webhook: the partner's subscription to lead.created, receiver {receiver.Url}; the "
                        + $"baseline delivers to a receiver of its own, {baselineReceiver.Url} (each answers 204 after "
                        + "checking the signature)"
                );
            }

            await Databases.VacuumAnalyzeAsync(apiDatabase.Connection, cancellationToken);
            await using var server = baselineReceiver is null
                ? await BaselineServer.StartAsync(
                    options,
                    baselineDatabase.Connection,
                    baselineDatabase.Partner,
                    cancellationToken
                )
                : await EventsBenchmark.StartBaselineAsync(
                    options,
                    baselineDatabase,
                    baselineReceiver,
                    cancellationToken
                );

            var apiPayloads = new LeadPayloads(options.Seed, options.DuplicateFraction);
            var apiToken = apiDatabase.Partner.AccessToken;
            using var apiSide = new Side(
                "API",
                process.BaseUrl,
                apiDatabase.Connection,
                process.ProcessId,
                () => WithKey(target.Request(apiPayloads.Next(), apiToken), options.Keys),
                receiver
            );
            var baselinePayloads = new LeadPayloads(options.Seed, options.DuplicateFraction);
            // The baseline checks no token; it gets one all the same, so that both sides receive requests of the same size.
            var baselineToken = baselineDatabase.Partner.AccessToken;
            using var baselineSide = new Side(
                "baseline",
                server.BaseUrl,
                baselineDatabase.Connection,
                server.ProcessId,
                () =>
                    WithKey(
                        LeadTargets.Post(
                            BaselineServer.Path,
                            baselineToken,
                            writer => LeadSubmissionBody.Write(writer, baselinePayloads.Next())
                        ),
                        options.Keys
                    ),
                baselineReceiver
            );

            foreach (var side in new[] { apiSide, baselineSide })
            {
                report.Progress($"{side.Name}: warm-up");
                await side.RunAsync(options.Concurrency, options.Warmup, cancellationToken);
                await Databases.AnalyzeAsync(side.Database, cancellationToken);
            }

            report.Progress($"closed loop: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
            foreach (var side in Turns.Abba(apiSide, baselineSide, options.Slices))
            {
                await side.RunAsync(options.Concurrency, AuctionBenchmark.SliceLeadIn, cancellationToken);
                await side.MeasureSliceAsync(options.Concurrency, slice, cancellationToken);
            }

            api = await apiSide.FinishAsync(options, report, cancellationToken);
            baseline = await baselineSide.FinishAsync(options, report, cancellationToken);
            report.Line(
                $"  API database: {await RowsAsync(apiDatabase.Connection, cancellationToken)}; contacts issued "
                    + $"{apiPayloads.ContactsIssued}"
                    + (
                        target is LeadsTarget { Wrapped: > 0 } leads
                            ? $"; {leads.Wrapped} leads past --client-pool reused a pool client"
                            : ""
                    )
            );
            report.Line($"  baseline database: {await RowsAsync(baselineDatabase.Connection, cancellationToken)}");
            if (variant.Automation)
            {
                automation = await AutomationRules.CaughtUpAsync(apiDatabase.Connection, cancellationToken);
                report.Line($"  automation: {automation.Describe()}");
            }
            report.Line(
                $"  peak RSS: API {process.PeakResidentBytes() / 1048576.0:0} MB (log {process.LogPath}), baseline "
                    + $"{server.PeakResidentBytes() / 1048576.0:0} MB"
            );
            foreach (var (side, sideReceiver) in new[] { (apiSide, receiver), (baselineSide, baselineReceiver) })
            {
                if (sideReceiver is not null)
                {
                    report.Line(
                        $"  {side.Name}: webhook deliveries: {side.LeadsCreated} leads created, "
                            + $"{sideReceiver.Distinct} lead.created messages received and verified "
                            + $"({sideReceiver.Repeats} repeats), "
                            + $"{sideReceiver.FailedSignatures} refused by the signature check"
                            + (sideReceiver.FirstFailure is { } f ? $" (first: {f})" : "")
                    );
                    report.Line(
                        $"  {side.Name}: waits for the deliveries after each run of load (warm-up, then "
                            + "lead-in and slice by turns, then the open loop; each counted in its run's time): "
                            + string.Join(", ", side.Drains.Select(d => $"{d.TotalSeconds:0.00} s"))
                    );
                }
            }
        }

        static bool Delivered(WebhookReceiver? receiver, SideResult side) =>
            receiver is null || (receiver.FailedSignatures == 0 && receiver.Distinct >= side.LeadsCreated);
        var webhookPass = Delivered(receiver, api) && Delivered(baselineReceiver, baseline);
        foreach (var sideReceiver in new[] { receiver, baselineReceiver }.OfType<WebhookReceiver>())
        {
            await sideReceiver.DisposeAsync();
        }

        report.Line("");
        report.Table(
            ["side", "max req/s", "half-rate req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            [api.Row(), baseline.Row()]
        );
        foreach (var side in new[] { api, baseline })
        {
            report.Line($"  {side.Side} slices: {side.Monitor.Describe()}");
        }

        // The bench process holds the load generator of both sides and, on the API's side, the webhook receiver.
        var costs = report.CpuPer(
            "lead in the closed loop",
            api.Monitor,
            api.Max.Throughput,
            baseline.Monitor,
            baseline.Max.Throughput
        );
        report.Line(
            "max req/s API/baseline per pair of slices: "
                + string.Join(
                    ", ",
                    api.Slices.Zip(baseline.Slices)
                        .Select(pair =>
                            (pair.First.Throughput / pair.Second.Throughput).ToString(
                                "0.00",
                                CultureInfo.InvariantCulture
                            )
                        )
                )
        );
        var ratio = api.Max.Throughput / baseline.Max.Throughput;
        var p95 = api.Half.Percentile(95);
        var valid = api.Valid && baseline.Valid;
        var ratioPass = valid && ratio >= variant.MinRatio;
        var latencyPass = variant.MaxP95Ms is not { } maxP95 || (valid && p95 < maxP95);
        report.Line(
            $"throughput API/baseline: {ratio:0.00} (target >= {variant.MinRatio:0.0#})  {Verdict(ratioPass, valid)}"
        );
        report.Line(
            variant.MaxP95Ms is { } max
                ? $"API p95 at half its maximum rate: {p95:0.0} ms (target < {max:0} ms)  {Verdict(latencyPass, valid)}"
                : $"API p95 at half its maximum rate: {p95:0.0} ms (no target here)"
        );
        report.Judged(
            variant.Name,
            "throughput API/baseline",
            $"{ratio:0.00}",
            $">= {variant.MinRatio:0.0#}",
            valid ? ratioPass : null,
            costs
        );
        if (variant.MaxP95Ms is { } maxP95Ms)
        {
            report.Judged(
                variant.Name,
                "API p95 at half rate",
                $"{p95:0.0} ms",
                $"< {maxP95Ms:0} ms",
                valid ? latencyPass : null,
                costs
            );
        }

        var automationPass = automation is not { } ran || ran.EveryLeadRan;
        if (automation is { } runs)
        {
            report.Line($"every lead's rules ran once (a task per lead): {(runs.EveryLeadRan ? "PASS" : "FAIL")}");
            report.Judged(
                variant.Name,
                "rules ran on every lead",
                runs.EveryLeadRan ? "all" : "not all",
                "all",
                runs.EveryLeadRan
            );
        }

        if (receiver is not null)
        {
            report.Line(
                "every lead.created delivered and verified on both sides, no signature refused: "
                    + (webhookPass ? "PASS" : "FAIL")
            );
            var delivered = webhookPass ? "all" : "not all";
            report.Judged(variant.Name, "lead.created delivered, verified (both sides)", delivered, "all", webhookPass);
        }

        if (options.LeadTarget == LeadTargetKind.Leads)
        {
            report.Line(
                "note: POST /api/v1/leads does less work than the baseline (no contact lookup, no new client, no "
                    + "duplicate control);"
                    + " the like-for-like comparison is --lead-target lead-submissions."
            );
        }

        return new LeadOutcome(ratioPass && latencyPass && webhookPass && automationPass, ratio, valid);
    }

    /// <summary>Which lead benchmark: its name (and databases'), its title and its targets.</summary>
    internal sealed record LeadVariant(
        string Name,
        string Title,
        double MinRatio,
        double? MaxP95Ms,
        bool Webhook,
        bool Automation = false
    );

    /// <summary>A new Idempotency-Key on the request, when the run sends keys.</summary>
    private static HttpRequestMessage WithKey(HttpRequestMessage request, bool keys)
    {
        if (keys)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return request;
    }

    private static string Verdict(bool pass, bool valid) =>
        !valid ? "INVALID (errors above 1%)"
        : pass ? "PASS"
        : "FAIL";

    /// <summary>
    /// One side of the comparison: its workers, with their own connections to its server, and its closed-loop slices.
    /// With a webhook receiver, each run of load is followed by the wait until every lead it created has been delivered,
    /// and that wait counts in the run's time: the deliveries are work the requests caused, and they must not spill
    /// into the other side's turn.
    /// </summary>
    private sealed class Side : IDisposable
    {
        private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(120);

        private readonly LoadClient _client;
        private readonly WebhookReceiver? _receiver;
        private readonly int _serverProcessId;
        private readonly List<RunMonitor.Result> _windows = [];
        private long _leadsCreated;

        public Side(
            string name,
            Uri baseUrl,
            string database,
            int serverProcessId,
            Func<HttpRequestMessage> next,
            WebhookReceiver? receiver
        )
        {
            (Name, Database, _serverProcessId, _receiver) = (name, database, serverProcessId, receiver);
            _client = new LoadClient(baseUrl);
            Load = new LoadGenerator(_client.Http, next);
        }

        /// <summary>Leads this side's server answered 201 to, in every phase.</summary>
        public long LeadsCreated => _leadsCreated;

        /// <summary>The waits for the deliveries after the measured slices.</summary>
        public List<TimeSpan> Drains { get; } = [];

        /// <summary>A closed loop, then (with a receiver) the wait for its deliveries, counted in its time.</summary>
        public async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
        {
            var result = await Load.ClosedLoopAsync(concurrency, duration, cancellationToken);
            return await DrainAsync(result, cancellationToken);
        }

        /// <summary>A measured slice of the closed loop, with what the machine, the server and PostgreSQL spent meanwhile.</summary>
        public async Task MeasureSliceAsync(int concurrency, TimeSpan length, CancellationToken cancellationToken)
        {
            var monitor = RunMonitor.MeasureAsync(Database, _serverProcessId, length, cancellationToken);
            Slices.Add(await RunAsync(concurrency, length, cancellationToken));
            _windows.Add(await monitor);
        }

        private async Task<LoadResult> DrainAsync(LoadResult result, CancellationToken cancellationToken)
        {
            _leadsCreated += result.Succeeded;
            if (_receiver is null)
            {
                return result;
            }

            var wait = Stopwatch.StartNew();
            while (_receiver.Distinct < _leadsCreated && wait.Elapsed < MaxDrain)
            {
                await Task.Delay(20, cancellationToken);
            }

            Drains.Add(wait.Elapsed);
            return result with { Elapsed = result.Elapsed + wait.Elapsed };
        }

        public string Name { get; }

        public string Database { get; }

        public LoadGenerator Load { get; }

        public List<LoadResult> Slices { get; } = [];

        /// <summary>The slices as one maximum, then the open loop at half of it.</summary>
        public async Task<SideResult> FinishAsync(
            BenchOptions options,
            Report report,
            CancellationToken cancellationToken
        )
        {
            var max = LoadResult.Combine(Slices);
            var rate = max.Throughput / 2;
            if (rate < 1)
            {
                throw new InvalidOperationException(
                    $"{Name}: the closed loop completed {max.Succeeded} requests ({max.Failed} failed): "
                        + $"{max.FirstFailure}"
                );
            }

            report.Progress($"{Name}: open loop at {rate:0.#} req/s");
            var half = await DrainAsync(
                await Load.OpenLoopAsync(rate, options.Duration, cancellationToken),
                cancellationToken
            );
            foreach (var failure in new[] { max.FirstFailure, half.FirstFailure }.OfType<string>().Distinct())
            {
                report.Line($"  {Name}: first failure: {failure}");
            }

            return new SideResult(Name, max, half, Slices, LeadsCreated, RunMonitor.Result.Combine(_windows));
        }

        public void Dispose() => _client.Dispose();
    }

    private static async Task<string> RowsAsync(string connection, CancellationToken cancellationToken)
    {
        var clients = await Databases.CountAsync(connection, "SELECT count(*) FROM clients", cancellationToken);
        var leads = await Databases.CountAsync(connection, "SELECT count(*) FROM leads", cancellationToken);
        var history = await Databases.CountAsync(connection, "SELECT count(*) FROM lead_history", cancellationToken);
        var notifications = await Databases.CountAsync(
            connection,
            "SELECT count(*) FROM notifications WHERE kind = 'lead_duplicate'",
            cancellationToken
        );
        var audit = await Databases.CountAsync(
            connection,
            "SELECT count(*) FROM audit_events WHERE kind = 'data'",
            cancellationToken
        );
        return $"{clients} clients, {leads} leads, {history} history rows, {notifications} duplicate notifications, {audit} data audit events";
    }

    private sealed record SideResult(
        string Side,
        LoadResult Max,
        LoadResult Half,
        IReadOnlyList<LoadResult> Slices,
        long LeadsCreated,
        RunMonitor.Result Monitor
    )
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
