using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.Bench;

/// <summary>
/// What the API's request pipeline costs around a handler that does no database work (bench/README.md, section 9):
/// <c>GET /api/v1/reports/fields</c> as a partner user — routing, bearer authentication, the permission policy, the
/// rate limit, the query parameter check, the query handler's decorators, the catalogue's tag, the answer's JSON and
/// the access log — against a bare minimal-API endpoint in a process of its own that answers the same catalogue
/// object, serialised per request by the API's own JSON options and writer (no authentication, no logging). Closed
/// loop in turns (ABBA): the maximum throughputs and each side's CPU per request compared, and
/// <c>pg_stat_statements</c> shows that the API's requests send no SQL once the caller's standing is remembered.
/// </summary>
internal static class PipelineBenchmark
{
    public const double MinThroughputRatio = 0.6;
    public const double MaxCpuRatio = 1.6;
    public const string Command = "serve-catalogue-baseline";
    private const string Path = "/api/v1/reports/fields";
    private const string Database = "mak_bench_pipeline";

    /// <summary>What the baseline answers on the API's path: the catalogue (the API's answer) and its tag.</summary>
    internal sealed record CatalogueAnswer(string Path, string ETag, string Body);

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var slice = options.Duration / options.Slices;
        report.Heading($"The request pipeline — API: GET {Path} as a partner user; baseline: a bare minimal-API "
            + "endpoint serialising the same catalogue with the API's JSON options and writer");
        report.Line($"{options.Concurrency} closed-loop workers, warm-up {options.Warmup.TotalSeconds:0.#} s per side, "
            + $"{options.Slices} slices of {slice.TotalSeconds:0.#} s per side taken in turns (ABBA), "
            + $"each after {AuctionBenchmark.SliceLeadIn.TotalSeconds:0} s unmeasured");
        var statements = await Statements.TrackAsync(options.ServerConnection, Database, cancellationToken);
        var connection = Databases.For(options.ServerConnection, Database);
        await using var api = await ApiProcess.StartAsync(options, Database, cancellationToken);
        var partner = await ApiSession.PreparePartnerAsync(api.BaseUrl, connection, cancellationToken);

        using var apiClient = new LoadClient(api.BaseUrl);
        var answer = await FetchAsync(apiClient.Http, partner.AccessToken, cancellationToken);
        using (var again = Request(partner.AccessToken))
        {
            again.Headers.TryAddWithoutValidation("If-None-Match", answer.ETag);
            using var unchanged = await apiClient.Http.SendAsync(again, cancellationToken);
            var bytes = (await unchanged.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            report.Line($"  the answer: {answer.Body.Length:N0} bytes of {answer.ContentType}, ETag {answer.ETag} "
                + $"(sent back as If-None-Match: {(int)unchanged.StatusCode}, {bytes} bytes)");
        }

        var input = new CatalogueAnswer(Path, answer.ETag, Encoding.UTF8.GetString(answer.Body));
        await using var baseline = await BaselineProcess.StartAsync(
            options, "catalogue baseline", Command, connection, input, cancellationToken);
        using var baselineClient = new LoadClient(baseline.BaseUrl);
        var copy = await FetchAsync(baselineClient.Http, partner.AccessToken, cancellationToken);
        if (!copy.Body.AsSpan().SequenceEqual(answer.Body) || copy with { Body = answer.Body } != answer)
        {
            throw new InvalidOperationException("The baseline does not answer the API's bytes, content type and tag.");
        }

        report.Line("  the baseline answers the same bytes, content type and tag");
        Side SideOf(HttpClient http, ServerProcess server) =>
            new(new LoadGenerator(http, () => Request(partner.AccessToken)), server.ProcessId);
        var sides = new Dictionary<string, Side>
        {
            ["API"] = SideOf(apiClient.Http, api),
            ["baseline"] = SideOf(baselineClient.Http, baseline),
        };
        foreach (var (name, side) in sides)
        {
            report.Progress($"{name}: warm-up");
            await side.Load.ClosedLoopAsync(options.Concurrency, options.Warmup, cancellationToken);
        }

        report.Progress($"closed loop: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
        var sent = new List<Statements.Sent>();
        foreach (var name in Turns.Abba("API", "baseline", options.Slices))
        {
            var side = sides[name];
            await side.Load.ClosedLoopAsync(options.Concurrency, AuctionBenchmark.SliceLeadIn, cancellationToken);
            var before = name == "API" ? await SnapshotAsync(statements, cancellationToken) : null;
            var monitor = await RunMonitor.StartAsync(connection, side.ProcessId, cancellationToken);
            side.Slices.Add(await side.Load.ClosedLoopAsync(options.Concurrency, slice, cancellationToken));
            side.Windows.Add(await monitor.StopAsync(cancellationToken));
            if (before is not null)
            {
                sent.AddRange(Statements.Between(before, (await SnapshotAsync(statements, cancellationToken))!));
            }
        }

        var (apiSide, baselineSide) = (sides["API"], sides["baseline"]);
        var (apiMax, baselineMax) = (LoadResult.Combine(apiSide.Slices), LoadResult.Combine(baselineSide.Slices));
        var (apiCpu, baselineCpu) = (apiSide.Monitor, baselineSide.Monitor);
        report.Line($"  peak RSS: API {api.PeakResidentBytes() / 1048576.0:0} MB, "
            + $"baseline {baseline.PeakResidentBytes() / 1048576.0:0} MB");
        report.Table(
            ["side", "max req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            [Row("API", apiMax), Row("baseline", baselineMax)]);
        report.Line("max req/s API/baseline per pair of slices: "
            + LoadResult.PairRatios(apiSide.Slices, baselineSide.Slices));
        foreach (var failure in new[] { apiMax.FirstFailure, baselineMax.FirstFailure }.OfType<string>())
        {
            report.Line($"  first failure: {failure}");
        }

        var costs = report.CpuPer("request", apiCpu, apiMax.Throughput, baselineCpu, baselineMax.Throughput);
        bool? noSql = null;
        if (statements is null)
        {
            report.Line("  SQL per request: not counted (the cluster was started without pg_stat_statements: "
                + "./mak db-stop, and ./mak bench starts it with the module)");
        }
        else
        {
            var requests = apiMax.Succeeded + apiMax.Failed;
            noSql = Statements.Describe(report, "API, the measured slices", Statements.Merge(sent), requests);
        }

        var valid = apiMax.Failed == 0 && baselineMax.Failed == 0;
        var ratio = apiMax.Throughput / baselineMax.Throughput;
        var cpuRatio = costs.Api.ServerMs / costs.Baseline.ServerMs;
        bool? ratioPass = valid ? ratio >= MinThroughputRatio : null;
        bool? cpuPass = valid ? cpuRatio <= MaxCpuRatio : null;
        report.Line($"throughput API/baseline: {ratio:0.00} (target >= {MinThroughputRatio:0.0#})  "
            + Verdict(ratioPass));
        report.Line($"server process CPU per request API/baseline: {cpuRatio:0.00} "
            + $"(target <= {MaxCpuRatio:0.0})  {Verdict(cpuPass)}");
        report.Line("no SQL statement per request once the caller's standing is remembered: "
            + (noSql is { } none ? Verdict(none) : "not counted"));
        report.Judged("pipeline", "throughput API/baseline", $"{ratio:0.00}", $">= {MinThroughputRatio:0.0#}",
            ratioPass, costs);
        report.Judged("pipeline", "CPU per request API/baseline", $"{cpuRatio:0.00}", $"<= {MaxCpuRatio:0.0}",
            cpuPass, costs);
        if (noSql is not null)
        {
            report.Judged("pipeline", "SQL statements per request", "see above", "none", noSql);
        }

        return ratioPass == true && cpuPass == true && noSql != false;
    }

    /// <summary>
    /// The baseline's process: the catalogue read back from the API's answer into the contract's type with the API's
    /// JSON options, and on the API's path that object written per request by the API's own writer and options, with
    /// the tag and cache header the API sends.
    /// </summary>
    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<CatalogueAnswer>(args, (_, answer, app) =>
        {
            var json = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var catalogue = JsonSerializer.Deserialize<ReportFieldCatalogue>(answer.Body, json)
                ?? throw new InvalidOperationException("The catalogue is empty.");
            app.MapGet(answer.Path, (HttpResponse response) =>
            {
                response.Headers.ETag = answer.ETag;
                response.Headers.CacheControl = "no-cache";
                return JsonAnswer.Ok(catalogue);
            });
            return Task.CompletedTask;
        }, services => services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions)));

    /// <summary>One side: its load, its server's process and what its measured slices measured.</summary>
    private sealed record Side(LoadGenerator Load, int ProcessId)
    {
        public List<LoadResult> Slices { get; } = [];

        public List<RunMonitor.Result> Windows { get; } = [];

        public RunMonitor.Result Monitor => RunMonitor.Result.Combine(Windows);
    }

    private sealed record Fetched(string ContentType, string ETag, byte[] Body);

    private static string Verdict(bool? pass) =>
        pass switch { null => "INVALID (failed requests)", true => "PASS", false => "FAIL" };

    private static async Task<IReadOnlyDictionary<long, Statements.Sent>?> SnapshotAsync(
        Statements? statements, CancellationToken cancellationToken) =>
        statements is null ? null : await statements.SnapshotAsync(cancellationToken);

    private static HttpRequestMessage Request(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    private static async Task<Fetched> FetchAsync(
        HttpClient http, string accessToken, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(accessToken), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || body.Length < 100 || response.Headers.ETag is not { } tag)
        {
            throw new InvalidOperationException(
                $"GET {Path} answered {(int)response.StatusCode}, {body.Length} bytes, ETag {response.Headers.ETag}.");
        }

        return new Fetched(response.Content.Headers.ContentType!.ToString(), tag.ToString(), body);
    }

    private static string[] Row(string name, LoadResult result) =>
    [
        name, $"{result.Throughput:0.0}", $"{result.Percentile(50):0.0}", $"{result.Percentile(95):0.0}",
        $"{result.Percentile(99):0.0}", result.Failed.ToString(CultureInfo.InvariantCulture),
    ];
}
