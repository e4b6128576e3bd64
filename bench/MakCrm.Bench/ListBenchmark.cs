using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Infrastructure;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The lead list over a million leads (bench/README.md, section 10): head office's <c>GET /api/v1/leads</c> with a
/// status filter and a search for a fragment of a client's phone, against the same statement sent with prepared raw
/// Npgsql. The statement is the repository's own: <see cref="LeadRepository.ListAsync"/> is run in this process, once
/// per search, with the criteria the list's handler makes of that request, and the command it sends (text and
/// parameters) is captured; the first page of each side must hold the same leads. Closed loop in turns (ABBA) for the
/// maximum throughputs, then each side in an open loop at half its maximum rate for the latencies.
/// </summary>
internal static class ListBenchmark
{
    public const double MinThroughputRatio = 0.85;
    public const double MaxP95Ms = 25;
    private const string Database = "mak_bench_list";
    private const int Limit = 50;
    private const int Searches = 200;
    private static readonly string[] Statuses = ["in_progress", "new"];

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var slice = options.Duration / options.Slices;
        report.Heading($"The lead list over {options.ReportLeads:N0} leads — API: GET /api/v1/leads?status=…&q=<phone digits>; baseline: the same statement by prepared raw Npgsql");
        report.Line($"{options.Concurrency} closed-loop workers, warm-up {options.Warmup.TotalSeconds:0.#} s per side, {options.Slices} slices of "
            + $"{slice.TotalSeconds:0.#} s per side in turns (ABBA), each after {AuctionBenchmark.SliceLeadIn.TotalSeconds:0} s unmeasured, open loop "
            + $"{options.Duration.TotalSeconds:0.#} s per side at half its maximum rate; {Searches} searches, limit {Limit}");
        await Databases.DropAsync(options.ServerConnection, Database, cancellationToken);
        var connection = Databases.For(options.ServerConnection, Database);
        await using var api = await ApiProcess.StartAsync(options, Database, cancellationToken);
        using var http = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        var (admin, _) = await ApiSession.EnrolAdminAsync(http, cancellationToken);

        var seeding = Stopwatch.StartNew();
        await ReportSeed.FillAsync(connection, options.ReportLeads, options.Seed, report, cancellationToken);
        report.Line($"seeded in {seeding.Elapsed.TotalSeconds:0} s: {await Databases.CountAsync(connection, "SELECT count(*) FROM leads", cancellationToken):N0} leads");

        // Fragments of seeded phones ('+79' and the lead's number in nine digits): seven digits, so each finds a few clients.
        var random = new Random(options.Seed);
        var searches = Enumerable.Range(0, Searches)
            .Select(_ => random.Next(1, (int)(options.ReportLeads * 0.95)).ToString("D9", CultureInfo.InvariantCulture)[2..])
            .ToArray();
        var statements = await CaptureAsync(connection, searches, cancellationToken);
        report.Line($"  the statement ({statements[0].Parameters.Count} parameters): {statements[0].Sql.ReplaceLineEndings(" ")}");

        await using var dataSource = DatabaseDataSource.Create(connection);
        var matched = 0;
        for (var i = 0; i < searches.Length; i++)
        {
            var (apiIds, rawIds) = (await ApiPageAsync(http, admin, searches[i], cancellationToken), await RawPageAsync(dataSource, statements[i], cancellationToken));
            if (!apiIds.SequenceEqual(rawIds))
            {
                throw new InvalidOperationException($"The search '{searches[i]}': the API listed {apiIds.Count} leads, its statement {rawIds.Count}, or in another order.");
            }

            matched += apiIds.Count;
        }

        report.Line($"  both sides list the same leads for every search ({matched / (double)searches.Length:0.#} on a page on average)");

        var next = 0;
        using var apiClient = new LoadClient(api.BaseUrl);
        var apiLoad = new LoadGenerator(apiClient.Http, () => ApiRequest(admin, searches[Interlocked.Increment(ref next) % searches.Length]));
        var rawLoad = new RawLoad(dataSource, statements).Load;
        var slices = new Dictionary<string, List<LoadResult>> { ["API"] = [], ["raw"] = [] };
        var monitors = new Dictionary<string, List<RunMonitor.Result>> { ["API"] = [], ["raw"] = [] };

        // The raw side's statements are sent from this process, so its "server process" is the bench itself.
        var serverProcessIds = new Dictionary<string, int> { ["API"] = api.ProcessId, ["raw"] = Environment.ProcessId };

        Task<LoadResult> Closed(string side, TimeSpan duration) =>
            (side == "API" ? apiLoad : rawLoad).ClosedLoopAsync(options.Concurrency, duration, cancellationToken);

        foreach (var side in slices.Keys)
        {
            report.Progress($"{side}: warm-up");
            await Closed(side, options.Warmup);
        }

        report.Progress($"closed loop: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
        foreach (var side in Turns.Abba("API", "raw", options.Slices))
        {
            await Closed(side, AuctionBenchmark.SliceLeadIn);
            var monitor = RunMonitor.MeasureAsync(connection, serverProcessIds[side], slice, cancellationToken);
            slices[side].Add(await Closed(side, slice));
            monitors[side].Add(await monitor);
        }

        var (apiMax, rawMax) = (LoadResult.Combine(slices["API"]), LoadResult.Combine(slices["raw"]));
        report.Progress($"API: open loop at {apiMax.Throughput / 2:0.#} req/s");
        var apiHalf = await apiLoad.OpenLoopAsync(apiMax.Throughput / 2, options.Duration, cancellationToken);
        report.Progress($"raw: open loop at {rawMax.Throughput / 2:0.#} req/s");
        var rawHalf = await rawLoad.OpenLoopAsync(rawMax.Throughput / 2, options.Duration, cancellationToken);

        report.Line($"  peak RSS: API {api.PeakResidentBytes() / 1048576.0:0} MB");
        report.Table(
            ["side", "max req/s", "half-rate req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            [Row("API", apiMax, apiHalf), Row("raw SQL", rawMax, rawHalf)]);
        report.Line(RunMonitor.Result.CpuPer("search", RunMonitor.Result.Combine(monitors["API"]), apiMax.Throughput, RunMonitor.Result.Combine(monitors["raw"]), rawMax.Throughput)
            + " (the raw side's server process is the bench process)");
        report.Line("max req/s API/raw per pair of slices: " + string.Join(", ", slices["API"].Zip(slices["raw"])
            .Select(pair => (pair.First.Throughput / pair.Second.Throughput).ToString("0.00", CultureInfo.InvariantCulture))));
        foreach (var failure in new[] { apiMax.FirstFailure, apiHalf.FirstFailure, rawMax.FirstFailure, rawHalf.FirstFailure }.OfType<string>().Distinct())
        {
            report.Line($"  first failure: {failure}");
        }

        var valid = apiMax.Failed + apiHalf.Failed + rawMax.Failed + rawHalf.Failed == 0;
        var ratio = apiMax.Throughput / rawMax.Throughput;
        var p95 = apiHalf.Percentile(95);
        var (ratioPass, latencyPass) = (valid && ratio >= MinThroughputRatio, valid && p95 < MaxP95Ms);
        report.Line($"throughput API/raw: {ratio:0.00} (target >= {MinThroughputRatio:0.00})  {Verdict(ratioPass, valid)}");
        report.Line($"API p95 at half its maximum rate: {p95:0.0} ms (target < {MaxP95Ms:0} ms)  {Verdict(latencyPass, valid)}");
        return ratioPass && latencyPass;
    }

    private static string Verdict(bool pass, bool valid) => !valid ? "INVALID (failed requests)" : pass ? "PASS" : "FAIL";

    private static string[] Row(string name, LoadResult max, LoadResult half) =>
    [
        name, $"{max.Throughput:0.0}", $"{half.Throughput:0.0}", $"{half.Percentile(50):0.0}", $"{half.Percentile(95):0.0}", $"{half.Percentile(99):0.0}",
        (max.Failed + half.Failed).ToString(CultureInfo.InvariantCulture),
    ];

    private static string Query(string search) =>
        string.Concat(Statuses.Select(s => $"status={s}&")) + $"q={Uri.EscapeDataString(search)}&limit={Limit}";

    private static HttpRequestMessage ApiRequest(string accessToken, string search)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leads?" + Query(search));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    private static async Task<List<Guid>> ApiPageAsync(HttpClient http, string accessToken, string search, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(ApiRequest(accessToken, search), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /api/v1/leads?{Query(search)} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>())).ToList();
    }

    /// <summary>One captured command: its text and its parameters (name, type and value), as the repository sent it.</summary>
    internal sealed record Statement(string Sql, IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type, object Value)> Parameters)
    {
        public NpgsqlCommand Command(NpgsqlConnection connection)
        {
            var command = new NpgsqlCommand(Sql, connection);
            foreach (var (name, type, value) in Parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { ParameterName = name, NpgsqlDbType = type, Value = value });
            }

            return command;
        }
    }

    /// <summary>
    /// Runs the repository's list in this process for each search, with the criteria <c>ListLeadsHandler</c> makes for
    /// head office (every organization's leads and clients, the default sort, limit + 1 rows), and keeps the command it sends.
    /// </summary>
    private static async Task<Statement[]> CaptureAsync(string connection, string[] searches, CancellationToken cancellationToken)
    {
        var capture = new CommandCapture();
        var options = DependencyInjection.Configure(new DbContextOptionsBuilder<MakCrmDbContext>(), connection).AddInterceptors(capture).Options;
        var paging = ListPaging.Prepare(LeadSorts.Catalog, null, null, Limit);
        var (sort, after, limit) = paging.Value;
        var statements = new Statement[searches.Length];
        for (var i = 0; i < searches.Length; i++)
        {
            await using var db = new MakCrmDbContext((DbContextOptions<MakCrmDbContext>)options);
            var filter = new LeadFilter(searches[i], null, Statuses, null, null, null, null, null, null, null, null);
            await new LeadRepository(db).ListAsync(
                new LeadListCriteria(DataScope.All, filter, sort, after, limit + 1, UpdatedWindow.None, DataScope.All), cancellationToken);
            statements[i] = capture.Last ?? throw new InvalidOperationException("The lead list sent no command.");
        }

        return statements;
    }

    private static async Task<List<Guid>> RawPageAsync(NpgsqlDataSource dataSource, Statement statement, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = statement.Command(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken) && ids.Count < Limit)
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>The raw side: each request takes a pooled connection, runs the next search's statement prepared and reads every column of every row.</summary>
    private sealed class RawLoad(NpgsqlDataSource dataSource, Statement[] statements)
    {
        private int _next;

        public LoadGenerator Load => new(RunAsync);

        private async Task<string?> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                var statement = statements[Interlocked.Increment(ref _next) % statements.Length];
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = statement.Command(connection);
                await command.PrepareAsync(cancellationToken);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var values = new object[reader.FieldCount];
                while (await reader.ReadAsync(cancellationToken))
                {
                    reader.GetValues(values);
                }

                return null;
            }
            catch (NpgsqlException ex)
            {
                return ex.Message;
            }
        }
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
