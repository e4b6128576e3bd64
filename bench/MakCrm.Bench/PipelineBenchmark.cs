using System.Globalization;
using System.Net.Http.Headers;

namespace MakCrm.Bench;

/// <summary>
/// What the API's request pipeline costs around a handler that does no database work (bench/README.md, section 9):
/// <c>GET /api/v1/reports/fields</c> as a partner user — routing, bearer authentication, the permission policy, the
/// rate limit, the query parameter check, the query handler's decorators, the answer's JSON and the access log — against
/// a bare minimal-API endpoint in a process of its own returning the very bytes the API answered (no authentication,
/// no logging). Closed loop in turns (ABBA), the maximum throughputs compared.
/// </summary>
internal static class PipelineBenchmark
{
    public const double MinThroughputRatio = 0.6;
    public const string Command = "serve-static-baseline";
    private const string Path = "/api/v1/reports/fields";
    private const string Database = "mak_bench_pipeline";

    /// <summary>What the baseline answers: the API's bytes and content type, on the same path.</summary>
    internal sealed record StaticAnswer(string Path, string ContentType, byte[] Body);

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var slice = options.Duration / options.Slices;
        report.Heading($"The request pipeline — API: GET {Path} as a partner user; baseline: a bare minimal-API endpoint returning the same bytes");
        report.Line($"{options.Concurrency} closed-loop workers, warm-up {options.Warmup.TotalSeconds:0.#} s per side, {options.Slices} slices of "
            + $"{slice.TotalSeconds:0.#} s per side taken in turns (ABBA), each after {AuctionBenchmark.SliceLeadIn.TotalSeconds:0} s unmeasured");
        await Databases.DropAsync(options.ServerConnection, Database, cancellationToken);
        var connection = Databases.For(options.ServerConnection, Database);
        await using var api = await ApiProcess.StartAsync(options, Database, cancellationToken);
        var partner = await ApiSession.PreparePartnerAsync(api.BaseUrl, connection, cancellationToken);

        using var apiClient = new LoadClient(api.BaseUrl);
        var answer = await FetchAsync(apiClient.Http, partner.AccessToken, cancellationToken);
        await using var baseline = await BaselineProcess.StartAsync(options, "static baseline", Command, connection, answer, cancellationToken);
        using var baselineClient = new LoadClient(baseline.BaseUrl);
        var baselineAnswer = await FetchAsync(baselineClient.Http, partner.AccessToken, cancellationToken);
        if (!baselineAnswer.Body.AsSpan().SequenceEqual(answer.Body) || baselineAnswer.ContentType != answer.ContentType)
        {
            throw new InvalidOperationException("The baseline does not answer the API's bytes.");
        }

        report.Line($"  the answer: {answer.Body.Length:N0} bytes of {answer.ContentType}");
        var sides = new Dictionary<string, (LoadGenerator Load, List<LoadResult> Slices)>
        {
            ["API"] = (new LoadGenerator(apiClient.Http, () => Request(partner.AccessToken)), []),
            ["baseline"] = (new LoadGenerator(baselineClient.Http, () => Request(partner.AccessToken)), []),
        };
        foreach (var (name, side) in sides)
        {
            report.Progress($"{name}: warm-up");
            await side.Load.ClosedLoopAsync(options.Concurrency, options.Warmup, cancellationToken);
        }

        report.Progress($"closed loop: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
        foreach (var name in Turns.Abba("API", "baseline", options.Slices))
        {
            var side = sides[name];
            await side.Load.ClosedLoopAsync(options.Concurrency, AuctionBenchmark.SliceLeadIn, cancellationToken);
            side.Slices.Add(await side.Load.ClosedLoopAsync(options.Concurrency, slice, cancellationToken));
        }

        var (apiMax, baselineMax) = (LoadResult.Combine(sides["API"].Slices), LoadResult.Combine(sides["baseline"].Slices));
        report.Line($"  peak RSS: API {api.PeakResidentBytes() / 1048576.0:0} MB, baseline {baseline.PeakResidentBytes() / 1048576.0:0} MB");
        report.Table(
            ["side", "max req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            [Row("API", apiMax), Row("baseline", baselineMax)]);
        report.Line("max req/s API/baseline per pair of slices: " + string.Join(", ", sides["API"].Slices.Zip(sides["baseline"].Slices)
            .Select(pair => (pair.First.Throughput / pair.Second.Throughput).ToString("0.00", CultureInfo.InvariantCulture))));
        foreach (var failure in new[] { apiMax.FirstFailure, baselineMax.FirstFailure }.OfType<string>())
        {
            report.Line($"  first failure: {failure}");
        }

        var valid = apiMax.Failed == 0 && baselineMax.Failed == 0;
        var ratio = apiMax.Throughput / baselineMax.Throughput;
        var pass = valid && ratio >= MinThroughputRatio;
        report.Line($"throughput API/baseline: {ratio:0.00} (target >= {MinThroughputRatio:0.0})  {(!valid ? "INVALID (failed requests)" : pass ? "PASS" : "FAIL")}");
        return pass;
    }

    /// <summary>The baseline's process: the API's answer, as bytes, on the same path.</summary>
    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<StaticAnswer>(args, (_, answer, app) =>
        {
            app.MapGet(answer.Path, () => Results.Bytes(answer.Body, answer.ContentType));
            return Task.CompletedTask;
        });

    private static HttpRequestMessage Request(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    private static async Task<StaticAnswer> FetchAsync(HttpClient http, string accessToken, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(accessToken), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || body.Length < 100)
        {
            throw new InvalidOperationException($"GET {Path} answered {(int)response.StatusCode} with {body.Length} bytes.");
        }

        return new StaticAnswer(Path, response.Content.Headers.ContentType!.ToString(), body);
    }

    private static string[] Row(string name, LoadResult result) =>
    [
        name, $"{result.Throughput:0.0}", $"{result.Percentile(50):0.0}", $"{result.Percentile(95):0.0}", $"{result.Percentile(99):0.0}",
        result.Failed.ToString(CultureInfo.InvariantCulture),
    ];
}
