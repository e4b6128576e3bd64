using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads;
using MakCrm.Infrastructure;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The lead list over a million leads (bench/README.md, section 10): head office's <c>GET /api/v1/leads</c> with a
/// status filter and a search for a fragment of a client's phone, against the same statement sent with prepared raw
/// Npgsql by a minimal endpoint in a process of its own (<see cref="RawList"/>) that writes the same page. The
/// statement is the repository's own: <see cref="LeadRepository.ListAsync"/> is run in this process, once per search,
/// with the criteria the list's handler makes of that request, and the command it sends (text and parameters) is
/// captured and handed to the raw endpoint; before the load, both sides must answer every search with the same bytes.
/// Closed loop in turns (ABBA) for the maximum throughputs, then each side in an open loop at half its maximum rate
/// for the latencies.
/// </summary>
internal static class ListBenchmark
{
    public const double MinThroughputRatio = 0.85;
    public const double MaxP95Ms = 25;
    private const string Database = "mak_bench_list";
    private const int Limit = 50;
    private const int Searches = 200;
    private static readonly string[] Statuses = ["in_progress", "new"];

    /// <summary>The custom field <c>list-cf</c> filters by, and its options (the seed gives each lead one).</summary>
    private const string Purpose = "loan_purpose";

    private static readonly string[] Purposes = ["home", "car", "refinance", "other"];

    /// <summary>The sortable money field <c>list-cf-range</c> bounds and sorts by; the seed gives each lead an amount
    /// from 20,000 to 499,000 roubles, in thousands.</summary>
    private const string Income = "monthly_income";

    /// <summary>The width of a <c>list-cf-range</c> window, in roubles; the searches are their lower bounds.</summary>
    private const int IncomeWindow = 30_000;

    /// <summary>What a list request asks for: <c>list</c> a search for phone digits within the open leads,
    /// <c>list-cf</c> the open leads with one value of a custom field (answered from its GIN index),
    /// <c>list-cf-range</c> those with a sortable field within a window, sorted by it (from the field's own
    /// index).</summary>
    private sealed record ListCase(
        string Name, string Asks, Func<string, string> Query, Func<string, LeadFilter> Filter)
    {
        public CustomFieldSort? Sort { get; init; }
    }

    private static readonly ListCase Search = new(
        "list",
        "&q=<phone digits>",
        term => $"q={Uri.EscapeDataString(term)}",
        term => new LeadFilter(term, null, Statuses, null, null, null, null, null, null, CreatedWindow.None));

    private static readonly ListCase ByCustomField = new(
        "list-cf",
        $"&cf={Purpose}:<option>",
        term => $"cf={Purpose}:{term}",
        term => new LeadFilter(null, null, Statuses, null, null, null, null, null, null, CreatedWindow.None)
        {
            CustomFields =
            [
                new(Purpose, CustomFieldComparison.Contains, new JsonObject { [Purpose] = term }.ToJsonString(), ""),
            ],
        });

    private static readonly ListCase ByCustomFieldRange = new(
        "list-cf-range",
        $"&cf={Income}>=<amount>&cf={Income}<<amount + {IncomeWindow:N0}>&cfSort=-{Income}",
        low => $"cf={Uri.EscapeDataString($"{Income}>={low}")}&cf={Uri.EscapeDataString($"{Income}<{High(low)}")}"
            + $"&cfSort=-{Income}",
        low => new LeadFilter(null, null, Statuses, null, null, null, null, null, null, CreatedWindow.None)
        {
            CustomFields =
            [
                new(Income, CustomFieldComparison.AtLeast, low, "number"),
                new(Income, CustomFieldComparison.Below, High(low), "number"),
            ],
        })
    {
        Sort = new CustomFieldSort(Income, Descending: true),
    };

    private static string High(string low) =>
        (int.Parse(low, CultureInfo.InvariantCulture) + IncomeWindow).ToString(CultureInfo.InvariantCulture);

    public static Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken) =>
        RunAsync(Search, options, report, cancellationToken);

    public static Task<bool> RunByCustomFieldAsync(
        BenchOptions options, Report report, CancellationToken cancellationToken) =>
        RunAsync(ByCustomField, options, report, cancellationToken);

    public static Task<bool> RunByCustomFieldRangeAsync(
        BenchOptions options, Report report, CancellationToken cancellationToken) =>
        RunAsync(ByCustomFieldRange, options, report, cancellationToken);

    private static async Task<bool> RunAsync(
        ListCase list, BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var slice = options.Duration / options.Slices;
        report.Heading($"The lead list over {options.ReportLeads:N0} leads — API: GET /api/v1/leads?status=…"
            + $"{list.Asks}; raw: the same statement by prepared raw Npgsql behind a minimal endpoint writing the "
            + "same page");
        report.Line($"{options.Concurrency} closed-loop workers, warm-up {options.Warmup.TotalSeconds:0.#} s per side, "
            + $"{options.Slices} slices of {slice.TotalSeconds:0.#} s per side in turns (ABBA), each after "
            + $"{AuctionBenchmark.SliceLeadIn.TotalSeconds:0} s unmeasured, open loop "
            + $"{options.Duration.TotalSeconds:0.#} s per side at half its maximum rate; "
            + $"{(list == Search ? $"{Searches} searches" : "searches as seeded below")}, limit {Limit}");
        var counts = await Statements.TrackAsync(options.ServerConnection, Database, cancellationToken);
        var connection = Databases.For(options.ServerConnection, Database);
        await using var api = await ApiProcess.StartAsync(options, Database, cancellationToken);
        using var http = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        var (admin, _) = await ApiSession.EnrolAdminAsync(http, cancellationToken);

        var seeding = Stopwatch.StartNew();
        await ReportSeed.FillAsync(connection, options.ReportLeads, options.Seed, report, cancellationToken);
        var leads = await Databases.CountAsync(connection, "SELECT count(*) FROM leads", cancellationToken);
        report.Line($"seeded in {seeding.Elapsed.TotalSeconds:0} s: {leads:N0} leads");

        // Fragments of seeded phones ('+79' and the lead's number in nine digits): seven digits, so each finds a few
        // clients; or the options of the custom field, each the value of a quarter of the leads.
        var random = new Random(options.Seed);
        var searches = list == ByCustomField
            ? await SeedCustomFieldAsync(http, admin, connection, report, cancellationToken)
            : list == ByCustomFieldRange
            ? await SeedSortableFieldAsync(http, admin, connection, report, cancellationToken)
            : Enumerable.Range(0, Searches)
                .Select(_ => random.Next(1, (int)(options.ReportLeads * 0.95)))
                .Select(number => number.ToString("D9", CultureInfo.InvariantCulture)[2..])
                .ToArray();
        var statements = await CaptureAsync(list, connection, searches, cancellationToken);
        var (sql, parameters) = (statements[0].Sql.ReplaceLineEndings(" "), statements[0].Parameters.Count);
        report.Line($"  the statement ({parameters} parameters): {sql}");

        var input = RawList.For(
            statements[0].Sql,
            Limit,
            searches.Zip(statements, (q, statement) => ("?" + Query(list, q), statement)),
            await ReaderAsync(connection, cancellationToken),
            list.Sort);
        await using var raw = await BaselineProcess.StartAsync(
            options, "list baseline", RawList.Command, connection, input, cancellationToken);
        using var apiClient = new LoadClient(api.BaseUrl);
        using var rawClient = new LoadClient(raw.BaseUrl);
        var perPage = await SamePagesAsync(
            list, apiClient.Http, rawClient.Http, admin, searches, connection, cancellationToken);
        report.Line("  both sides answer the same page, byte for byte, and log as many personal-data reads, for every "
            + $"search ({perPage:0.#} leads on a page on average)");

        // Both sides get the same requests, bearer token included (the raw endpoint checks none).
        LoadGenerator Load(HttpClient client)
        {
            var next = 0;
            return new(client, () => Request(
                list, admin, searches[(int)((uint)Interlocked.Increment(ref next) % searches.Length)]));
        }

        var runs = new List<(double Ratio, double P95, bool Valid, CpuCosts Costs)>();
        for (var run = 1; run <= options.Runs; run++)
        {
            if (options.Runs > 1)
            {
                report.Line($"run {run} of {options.Runs}:");
            }

            runs.Add(await MeasureAsync(
                list, options, report, counts, connection, api, raw, Load(apiClient.Http), Load(rawClient.Http),
                cancellationToken));
        }

        // Judged on the median run (each a ratio of the two sides measured in turns), as the verdicts ask.
        var valid = runs.All(r => r.Valid);
        var ratio = Median(runs.Select(r => r.Ratio));
        var p95 = Median(runs.Select(r => r.P95));
        var (ratioPass, latencyPass) = (valid && ratio >= MinThroughputRatio, valid && p95 < MaxP95Ms);
        if (options.Runs > 1)
        {
            report.Line($"median of {options.Runs} runs: throughput API/raw {ratio:0.00} (runs: "
                + string.Join(", ", runs.Select(r => r.Ratio.ToString("0.00", CultureInfo.InvariantCulture)))
                + $"), API p95 at half rate {p95:0.0} ms");
        }

        report.Judged(list.Name, "throughput API/raw", $"{ratio:0.00}", $">= {MinThroughputRatio:0.00}",
            valid ? ratioPass : null, runs[^1].Costs);
        report.Judged(list.Name, "API p95 at half rate", $"{p95:0.0} ms", $"< {MaxP95Ms:0} ms",
            valid ? latencyPass : null, runs[^1].Costs);
        return ratioPass && latencyPass;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// One measurement: a warm-up per side, the closed loop in turns (ABBA) for the maximum throughputs, then each
    /// side in an open loop at half its maximum rate; prints the run's table, CPU and statements.
    /// </summary>
    private static async Task<(double Ratio, double P95, bool Valid, CpuCosts Costs)> MeasureAsync(
        ListCase list,
        BenchOptions options,
        Report report,
        Statements? counts,
        string connection,
        ServerProcess api,
        ServerProcess raw,
        LoadGenerator apiLoad,
        LoadGenerator rawLoad,
        CancellationToken cancellationToken)
    {
        var slice = options.Duration / options.Slices;
        var sides = new Dictionary<string, Side>
        {
            ["API"] = new(apiLoad, api.ProcessId),
            ["raw"] = new(rawLoad, raw.ProcessId),
        };
        foreach (var (name, side) in sides)
        {
            report.Progress($"{name}: warm-up");
            await side.Load.ClosedLoopAsync(options.Concurrency, options.Warmup, cancellationToken);
        }

        report.Progress($"closed loop: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
        foreach (var side in Turns.Abba(sides["API"], sides["raw"], options.Slices))
        {
            await side.Load.ClosedLoopAsync(options.Concurrency, AuctionBenchmark.SliceLeadIn, cancellationToken);
            var before = counts is null ? null : await counts.SnapshotAsync(cancellationToken);
            var monitor = await RunMonitor.StartAsync(connection, side.ProcessId, cancellationToken);
            side.Slices.Add(await side.Load.ClosedLoopAsync(options.Concurrency, slice, cancellationToken));
            side.Windows.Add(await monitor.StopAsync(cancellationToken));
            if (before is not null)
            {
                side.Sent.AddRange(Statements.Between(before, await counts!.SnapshotAsync(cancellationToken)));
            }
        }

        var (apiSide, rawSide) = (sides["API"], sides["raw"]);
        var (apiMax, rawMax) = (LoadResult.Combine(apiSide.Slices), LoadResult.Combine(rawSide.Slices));
        report.Progress($"API: open loop at {apiMax.Throughput / 2:0.#} req/s");
        var apiHalf = await apiSide.Load.OpenLoopAsync(apiMax.Throughput / 2, options.Duration, cancellationToken);
        report.Progress($"raw: open loop at {rawMax.Throughput / 2:0.#} req/s");
        var rawHalf = await rawSide.Load.OpenLoopAsync(rawMax.Throughput / 2, options.Duration, cancellationToken);

        report.Line($"  peak RSS: API {api.PeakResidentBytes() / 1048576.0:0} MB, "
            + $"raw endpoint {raw.PeakResidentBytes() / 1048576.0:0} MB");
        report.Table(
            ["side", "max req/s", "half-rate req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            [Row("API", apiMax, apiHalf), Row("raw SQL", rawMax, rawHalf)]);
        var (apiCpu, rawCpu) = (RunMonitor.Result.Combine(apiSide.Windows), RunMonitor.Result.Combine(rawSide.Windows));
        var costs = report.CpuPer("search", apiCpu, apiMax.Throughput, rawCpu, rawMax.Throughput);
        if (counts is null)
        {
            report.Line("  SQL per request: not counted (the cluster was started without pg_stat_statements)");
        }
        else
        {
            foreach (var (name, side) in sides)
            {
                var requests = side.Slices.Sum(s => s.Succeeded + s.Failed);
                Statements.Describe(report, $"{name}, the measured slices", Statements.Merge(side.Sent), requests);
            }
        }

        report.Line("max req/s API/raw per pair of slices: " + LoadResult.PairRatios(apiSide.Slices, rawSide.Slices));
        var results = new[] { apiMax, apiHalf, rawMax, rawHalf };
        foreach (var failure in results.Select(r => r.FirstFailure).OfType<string>().Distinct())
        {
            report.Line($"  first failure: {failure}");
        }

        var valid = results.Sum(r => r.Failed) == 0;
        var ratio = apiMax.Throughput / rawMax.Throughput;
        var (p95, rawP95) = (apiHalf.Percentile(95), rawHalf.Percentile(95));
        var (ratioPass, latencyPass) = (valid && ratio >= MinThroughputRatio, valid && p95 < MaxP95Ms);
        report.Line($"throughput API/raw: {ratio:0.00} (target >= {MinThroughputRatio:0.00})  "
            + Verdict(ratioPass, valid));
        report.Line($"p95 at half each side's maximum rate: API {p95:0.0} ms (target < {MaxP95Ms:0} ms)  "
            + $"{Verdict(latencyPass, valid)}; raw {rawP95:0.0} ms");
        return (ratio, p95, valid, costs);
    }

    /// <summary>
    /// Asks both sides for every search's page and checks that they answer the same bytes; the mean number of leads on
    /// a page.
    /// </summary>
    private static async Task<double> SamePagesAsync(
        ListCase list,
        HttpClient api,
        HttpClient raw,
        string accessToken,
        string[] searches,
        string connection,
        CancellationToken cancellationToken)
    {
        const string CountReads = "SELECT count(*) FROM personal_data_reads";
        var listed = 0;
        foreach (var search in searches)
        {
            var before = await Databases.CountAsync(connection, CountReads, cancellationToken);
            var apiPage = await PageAsync(list, api, accessToken, search, cancellationToken);
            var afterApi = await Databases.CountAsync(connection, CountReads, cancellationToken);
            var rawPage = await PageAsync(list, raw, accessToken, search, cancellationToken);
            var afterRaw = await Databases.CountAsync(connection, CountReads, cancellationToken);
            if (!apiPage.AsSpan().SequenceEqual(rawPage))
            {
                throw new InvalidOperationException($"The search '{search}': the raw endpoint's page is another:\n"
                    + $"API: {Encoding.UTF8.GetString(apiPage)}\nraw: {Encoding.UTF8.GetString(rawPage)}");
            }

            if (afterApi - before != afterRaw - afterApi)
            {
                throw new InvalidOperationException($"The search '{search}': the API logged {afterApi - before} "
                    + $"personal-data reads, the raw endpoint {afterRaw - afterApi}.");
            }

            listed += JsonNode.Parse(apiPage)!["items"]!.AsArray().Count;
        }

        return listed / (double)searches.Length;
    }

    /// <summary>The API's signed-in administrator, whom the raw endpoint logs as the reader of what it lists.</summary>
    private static async Task<(Guid UserId, Guid OrganizationId)> ReaderAsync(
        string connection, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(
            "SELECT id, organization_id FROM users WHERE normalized_email = upper($1)");
        command.Parameters.AddWithValue(ApiProcess.AdminEmail);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetGuid(0), reader.GetGuid(1))
            : throw new InvalidOperationException("The API's administrator is not in the database.");
    }

    /// <summary>One side: its load, its server's process, and what its measured slices measured and sent.</summary>
    private sealed record Side(LoadGenerator Load, int ProcessId)
    {
        public List<LoadResult> Slices { get; } = [];

        public List<RunMonitor.Result> Windows { get; } = [];

        public List<Statements.Sent> Sent { get; } = [];
    }

    private static string Verdict(bool pass, bool valid) => !valid ? "INVALID (failed requests)" : pass ? "PASS" : "FAIL";

    private static string[] Row(string name, LoadResult max, LoadResult half) =>
    [
        name, $"{max.Throughput:0.0}", $"{half.Throughput:0.0}", $"{half.Percentile(50):0.0}", $"{half.Percentile(95):0.0}", $"{half.Percentile(99):0.0}",
        (max.Failed + half.Failed).ToString(CultureInfo.InvariantCulture),
    ];

    private static string Query(ListCase list, string search) =>
        string.Concat(Statuses.Select(s => $"status={s}&")) + $"{list.Query(search)}&limit={Limit}";

    private static HttpRequestMessage Request(ListCase list, string accessToken, string search)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leads?" + Query(list, search));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>A side's page for a search, as the bytes it answered.</summary>
    private static async Task<byte[]> PageAsync(
        ListCase list, HttpClient http, string accessToken, string search, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(list, accessToken, search), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"GET /api/v1/leads?{Query(list, search)}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return body;
    }

    /// <summary>One captured command: its text and parameters (name, type, value), as the repository sent it.</summary>
    internal sealed record Statement(
        string Sql, IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type, object Value)> Parameters);

    /// <summary>
    /// Runs the repository's list in this process for each search, with the criteria <c>ListLeadsHandler</c> makes for
    /// head office (every organization's leads and clients, the default sort, limit + 1 rows), and keeps the command it sends.
    /// </summary>
    private static async Task<Statement[]> CaptureAsync(
        ListCase list, string connection, string[] searches, CancellationToken cancellationToken)
    {
        var capture = new CommandCapture();
        var options = DependencyInjection.Configure(new DbContextOptionsBuilder<MakCrmDbContext>(), connection).AddInterceptors(capture).Options;
        var paging = ListPaging.Prepare(LeadSorts.Catalog, null, null, Limit, list.Sort);
        var (sort, after, limit) = paging.Value;
        var statements = new Statement[searches.Length];
        for (var i = 0; i < searches.Length; i++)
        {
            await using var db = new MakCrmDbContext((DbContextOptions<MakCrmDbContext>)options);
            var filter = list.Filter(searches[i]);
            await new LeadRepository(db).ListAsync(
                new LeadListCriteria(DataScope.All, filter, sort, after, limit + 1, UpdatedWindow.None, DataScope.All), cancellationToken);
            statements[i] = capture.Last ?? throw new InvalidOperationException("The lead list sent no command.");
        }

        return statements;
    }

    /// <summary>
    /// Defines the select field <c>loan_purpose</c> on leads through the API and gives every seeded lead one of its
    /// options (in batches, then <c>VACUUM ANALYZE</c>); the searches are its options, taken in turn.
    /// </summary>
    private static async Task<string[]> SeedCustomFieldAsync(
        HttpClient http, string admin, string connection, Report report, CancellationToken cancellationToken)
    {
        var definition = new JsonObject
        {
            ["entity"] = "lead", ["key"] = Purpose, ["label"] = "Цель кредита", ["type"] = "select",
            ["options"] = new JsonArray([.. Purposes.Select(p => (JsonNode?)p)]),
        };
        await DefineAndFillAsync(http, admin, connection, report, definition,
            "(ARRAY['home','car','refinance','other'])[1 + abs(hashtext(id::text)) % 4]", cancellationToken);
        return Purposes;
    }

    /// <summary>
    /// Defines the sortable money field <c>monthly_income</c> on leads, gives every seeded lead an amount, and waits
    /// until the API's worker has built the field's index; the searches are twelve windows' lower bounds.
    /// </summary>
    private static async Task<string[]> SeedSortableFieldAsync(
        HttpClient http, string admin, string connection, Report report, CancellationToken cancellationToken)
    {
        var definition = new JsonObject
        {
            ["entity"] = "lead", ["key"] = Income, ["label"] = "Доход в месяц", ["type"] = "money",
            ["sortable"] = true,
        };
        await DefineAndFillAsync(http, admin, connection, report, definition,
            "20000 + (abs(hashtext(id::text)) % 480) * 1000", cancellationToken);
        var building = Stopwatch.StartNew();
        await using var source = NpgsqlDataSource.Create(connection);
        await using var valid = source.CreateCommand(
            "SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)), false)");
        valid.Parameters.Add(new NpgsqlParameter { Value = CustomFieldIndexes.NameOf("leads", Income) });
        while (!(bool)(await valid.ExecuteScalarAsync(cancellationToken))!)
        {
            if (building.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"The index of {Income} was not built in 10 minutes.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        report.Line($"  its index built by the API's worker in {building.Elapsed.TotalSeconds:0} s");
        return [.. Enumerable.Range(0, 12).Select(i => (50_000 + (i * 35_000)).ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>Defines a lead field through the API and gives every seeded lead the value of
    /// <paramref name="valueSql"/> (in batches, then <c>VACUUM ANALYZE</c>).</summary>
    private static async Task DefineAndFillAsync(
        HttpClient http,
        string admin,
        string connection,
        Report report,
        JsonObject definition,
        string valueSql,
        CancellationToken cancellationToken)
    {
        using var define = new HttpRequestMessage(HttpMethod.Post, "/api/v1/custom-field-definitions")
        {
            Content = new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        define.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var defined = await http.SendAsync(define, cancellationToken);
        defined.EnsureSuccessStatusCode();

        var key = definition["key"]!.GetValue<string>();
        var seeding = Stopwatch.StartNew();
        await using var source = NpgsqlDataSource.Create(connection);
        var fill = $$"""
            UPDATE leads SET custom_fields = jsonb_build_object('{{key}}', {{valueSql}})
            WHERE id IN (SELECT id FROM leads WHERE custom_fields = '{}'::jsonb LIMIT 50000)
            """;
        await using (var command = source.CreateCommand(fill))
        {
            command.CommandTimeout = 0;
            while (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
            }
        }

        await using (var analyze = source.CreateCommand("VACUUM ANALYZE leads"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        report.Line($"  every lead given a {key} in {seeding.Elapsed.TotalSeconds:0} s");
    }

    private sealed class CommandCapture : DbCommandInterceptor
    {
        public Statement? Last { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Last = new Statement(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => (p.ParameterName, p.NpgsqlDbType, p.Value!)).ToList());
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
