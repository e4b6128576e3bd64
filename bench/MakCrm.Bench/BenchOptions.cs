using System.Globalization;

namespace MakCrm.Bench;

/// <summary>The command line of <c>./mak bench [benchmark] [options]</c> (<see cref="Usage"/>).</summary>
internal sealed record BenchOptions
{
    public string Which { get; init; } = "all";

    /// <summary>Npgsql connection string of the PostgreSQL server; its Database= is replaced by the benchmark's own databases.</summary>
    public required string ServerConnection { get; init; }

    public required string ApiDll { get; init; }

    public string ResultsDirectory { get; init; } = "bench/results";

    public int Seed { get; init; } = 20261121;

    // Lead creation
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Duration => ExplicitDuration ?? TimeSpan.FromSeconds(20);

    /// <summary>--duration, when given: every measured phase of every benchmark.</summary>
    public TimeSpan? ExplicitDuration { get; init; }
    public int Concurrency { get; init; } = 32;
    public double DuplicateFraction { get; init; } = 0.10;
    public LeadTargetKind LeadTarget { get; init; } = LeadTargets.Default;
    public int ClientPool { get; init; } = 150_000;

    // Import
    public int Rows { get; init; } = 1_000_000;

    // Auction
    public TimeSpan AuctionDuration => ExplicitDuration ?? TimeSpan.FromSeconds(60);
    public int Bidders { get; init; } = 64;
    public int Lots { get; init; } = 10;

    // Webhooks and the stream
    public int WebhookBacklog { get; init; } = 30_000;

    /// <summary>Lead creations per second while the latencies of webhook delivery and of the stream are measured.</summary>
    public double EventRate { get; init; } = 10;

    public int Streams { get; init; } = 2000;

    // Reports
    public int ReportLeads { get; init; } = 1_000_000;

    /// <summary>Runs of each report by each of the four users in each turn (four turns, ABBA).</summary>
    public int ReportRuns { get; init; } = 3;

    // Knowledge-base search
    public int KnowledgeArticles { get; init; } = 10_000;

    public int KnowledgeRounds { get; init; } = 10;

    /// <summary>The measured closed loop (auction, leads) is cut into this many slices per side, which the sides take in turns (ABBA).</summary>
    public int Slices { get; init; } = 4;

    /// <summary>list, list-cf and list-cf-range: the measurement is made this many times over one seeded database, each a ratio of
    /// the two sides, and judged on the median.</summary>
    public int Runs { get; init; } = 1;

    // amoCRM import
    public int AmoLeads { get; init; } = 10_000;

    /// <summary>amoCRM's requests a second, set alike in the simulator and in the API's limiter.</summary>
    public int AmoRate { get; init; } = 7;

    /// <summary>--keys: the lead benchmarks send an Idempotency-Key with every request, as lead platforms do.</summary>
    public bool Keys { get; init; }

    public const string Usage = """
        Usage: ./mak bench [benchmark] [options]

        Benchmarks (one, or all):

          leads                 lead creation: API vs a raw-Npgsql endpoint (throughput ratio, p95 at half rate)
          import                client import: API vs binary COPY (rows/s ratio, API peak RSS)
          auction               bids: 64 bidders on 10 hot lots, API vs a raw-Npgsql endpoint
                                (accepted and all bids/s ratios, invariants)
          events                lead creation with a webhook subscribed to lead.created: API vs the raw endpoint,
                                which delivers too
          webhooks              the API's webhook worker to a verifying receiver (deliveries/s, p95 commit to delivery)
          stream                2,000 SSE streams: p95 commit to receipt, API vs a raw LISTEN/NOTIFY SSE server
          reports               ten reports over 1,000,000 leads by 4 users: API vs its own SQL sent raw (time ratio per report)
          kb                    knowledge-base search over 10,000 Russian articles by 4 users: API p95 < 50 ms, ratio to its SQL sent raw
          pipeline              a trivial authenticated GET through the whole pipeline vs a bare endpoint serialising
                                the same answer (throughput and CPU ratios, SQL statements per request)
          leads-automation      lead creation as in leads, then again while two automation rules of the partner's
                                run on every lead.created (the ratio may fall by at most 0.05)
          list                  GET /api/v1/leads with a filter and a search over 1,000,000 leads vs its statement by
                                raw Npgsql behind a minimal HTTP endpoint writing the same page (ratio, p95)
          list-cf               the same list filtered by a custom field (cf=loan_purpose:<option>) instead of a search
          list-cf-range         the same list within a window of a sortable field, sorted by it (cf=monthly_income>=…)
          amo-import            amoCRM's initial import of 10,000 leads with contacts from the simulator at 7 requests/s
          amo-sync              amoCRM's live sync: 1,000 changes on each side settled both ways at 7 requests/s
                                (the rate limit's minimum time for the requests made / the measured time)
          all                   all thirteen (the default)

          --duration SECONDS    each measured phase (default 20 for lead creation, 60 for the auction)
          --warmup SECONDS      warm-up before each side's measurements (default 5)
          --bidders N           auction: concurrent bidders, each a franchisee with its own token (default 64)
          --lots N              auction: hot lots they bid on (default 10)
          --slices N            auction and leads: the sides take turns in N slices each, in ABBA order (default 4)
          --runs N              list, list-cf, list-cf-range: measure N times over one seed, judged on the median (default 1)
          --concurrency N       closed-loop workers (default 32)
          --duplicates F        fraction of lead payloads repeating an earlier contact (default 0.10)
          --lead-target T       leads | lead-submissions (default: see LeadTargets.Default)
          --client-pool N       clients created up front for the `leads` target (default 150000)
          --rows N              rows in the import CSV (default 1000000)
          --backlog N           webhooks: lead.created events waiting when the subscription is enabled (default 30000)
          --event-rate R        webhooks and stream: lead creations per second while latencies are measured (default 10)
          --streams N           stream: concurrent SSE connections per side (default 2000)
          --report-leads N      reports: leads seeded (default 1000000)
          --report-runs N       reports: runs per user per turn (default 3)
          --kb-articles N       kb: articles seeded (default 10000)
          --kb-rounds N         kb: rounds of every query per user per turn (default 10)
          --keys                leads and events: an Idempotency-Key on every request (both sides store it, ADR 0034);
                                `all` runs leads both without and with keys
          --quick               smoke run: --duration 3 --warmup 1 --rows 50000 --client-pool 20000 --backlog 5000 --report-leads 100000 --report-runs 1
          --amo-leads N         amo-import: leads in the simulated account (default 10000)
          --amo-rate N          amo-import, amo-sync: amoCRM's requests a second (default 7)
          --seed N              seed of every generated payload and row (default 20261121)
        Environment: MAK_DB (the server; ./mak bench sets it), MAK_API_DLL (the Release API).
        """;

    public static BenchOptions Parse(string[] args, string serverConnection, string apiDll)
    {
        var options = new BenchOptions { ServerConnection = serverConnection, ApiDll = apiDll };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "leads" or "leads-automation" or "import" or "auction" or "events" or "webhooks" or "stream" or "reports" or "kb"
                    or "pipeline" or "list" or "list-cf" or "list-cf-range" or "amo-import" or "amo-sync" or "all" => options with { Which = args[i] },
                "--duration" => options with { ExplicitDuration = Seconds(Next()) },
                "--bidders" => options with { Bidders = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--lots" => options with { Lots = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--slices" => options with { Slices = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = Seconds(Next()) },
                "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duplicates" => options with { DuplicateFraction = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--lead-target" => options with { LeadTarget = LeadTargets.Parse(Next()) },
                "--client-pool" => options with { ClientPool = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rows" => options with { Rows = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--backlog" => options with { WebhookBacklog = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--event-rate" => options with { EventRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--streams" => options with { Streams = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--report-leads" => options with { ReportLeads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--report-runs" => options with { ReportRuns = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--kb-articles" => options with { KnowledgeArticles = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--kb-rounds" => options with { KnowledgeRounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--amo-leads" => options with { AmoLeads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--amo-rate" => options with { AmoRate = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--keys" => options with { Keys = true },
                "--quick" => options with
                {
                    ExplicitDuration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.FromSeconds(1), Rows = 50_000, ClientPool = 20_000, WebhookBacklog = 5_000, ReportLeads = 100_000, ReportRuns = 1, KnowledgeArticles = 2_000, KnowledgeRounds = 2,
                    AmoLeads = 1_000,
                },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        if (options.Bidders < 1 || options.Lots < 1 || options.Slices < 1 || options.Runs < 1 || options.Streams < 1
            || options.EventRate <= 0 || options.WebhookBacklog < 1 || options.ReportLeads < 100
            || options.ReportRuns < 1 || options.AmoLeads < 1 || options.AmoRate < 1)
        {
            throw new ArgumentException("--bidders, --lots, --slices, --runs, --streams, --backlog, --event-rate "
                + "--report-runs, --amo-leads and --amo-rate must be positive; --report-leads at least 100.");
        }

        if (options.DuplicateFraction is < 0 or >= 1)
        {
            throw new ArgumentException("--duplicates must be in [0, 1).");
        }

        return options;
    }

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
