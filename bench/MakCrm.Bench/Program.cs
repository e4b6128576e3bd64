using MakCrm.Bench;

// The benchmarks of the CRM core: `./mak bench [benchmark] [options]` (see BenchOptions.Usage and bench/README.md).
// Exit code: 0 when every target is met, 1 when one is not, 2 when the benchmark could not run.
if (args.Contains(BaselineBidServer.Command))
{
    return await BaselineBidServer.ServeAsync(args);
}

if (args.Contains(BaselineStreamServer.Command))
{
    return await BaselineStreamServer.ServeAsync(args);
}

if (args.Contains(PipelineBenchmark.Command))
{
    return await PipelineBenchmark.ServeAsync(args);
}

if (args.Contains(BaselineEventsServer.Command))
{
    return await BaselineEventsServer.ServeAsync(args);
}

if (args.Contains(RawList.Command))
{
    return await RawList.ServeAsync(args);
}

if (args.Contains(BaselineServer.Command))
{
    return await BaselineServer.ServeAsync(args);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    await Console.Out.WriteLineAsync(BenchOptions.Usage);
    return 0;
}

var server = Environment.GetEnvironmentVariable("MAK_DB");
var apiDll = Environment.GetEnvironmentVariable("MAK_API_DLL");
if (string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(apiDll) || !File.Exists(apiDll))
{
    await Console.Error.WriteLineAsync(
        "Run the benchmarks with ./mak bench: it builds the Release API, starts PostgreSQL and sets MAK_DB and MAK_API_DLL."
    );
    return 2;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args, server, Path.GetFullPath(apiDll));
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop the measurements and let the API processes be shut down on the way out.
    e.Cancel = true;
    cancel.Cancel();
};

Directory.CreateDirectory(options.ResultsDirectory);
using var report = new Report(
    Path.Combine(options.ResultsDirectory, $"bench-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.txt")
);
report.Machine();
try
{
    var pass = true;
    if (options.Which is "leads" or "all")
    {
        pass &= await LeadCreationBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "all" && !options.Keys)
    {
        // The platforms' real traffic: a key with every submission.
        pass &= await LeadCreationBenchmark.RunAsync(options with { Keys = true }, report, cancel.Token);
    }

    if (options.Which is "leads-automation" or "all")
    {
        pass &= await LeadCreationBenchmark.RunBesideAutomationAsync(options, report, cancel.Token);
    }

    if (options.Which is "import" or "all")
    {
        pass &= await ImportBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "auction" or "all")
    {
        pass &= await AuctionBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "events" or "all")
    {
        pass &= await LeadCreationBenchmark.RunAsync(LeadCreationBenchmark.Events, options, report, cancel.Token);
    }

    if (options.Which is "webhooks" or "all")
    {
        pass &= await WebhookBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "stream" or "all")
    {
        pass &= await StreamBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "reports" or "all")
    {
        pass &= await ReportBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "kb" or "all")
    {
        pass &= await KnowledgeBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "list" or "all")
    {
        pass &= await ListBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "list-cf" or "all")
    {
        pass &= await ListBenchmark.RunByCustomFieldAsync(options, report, cancel.Token);
    }

    if (options.Which is "list-cf-range" or "all")
    {
        pass &= await ListBenchmark.RunByCustomFieldRangeAsync(options, report, cancel.Token);
    }

    if (options.Which is "pipeline" or "all")
    {
        pass &= await PipelineBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "amo-import" or "all")
    {
        pass &= await AmoImportBenchmark.RunAsync(options, report, cancel.Token);
    }

    if (options.Which is "amo-sync" or "all")
    {
        pass &= await AmoSyncBenchmark.RunAsync(options, report, cancel.Token);
    }

    report.Summary();
    report.Line("");
    report.Line($"overall: {(pass ? "PASS" : "FAIL")} (report: {report.Path})");
    return pass ? 0 : 1;
}
catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
{
    // Our own checks fail with a message that says it all; anything else gets its stack trace.
    report.Line(
        $"the benchmark could not run: {(ex is InvalidOperationException or TimeoutException ? ex.Message : ex.ToString())}"
    );
    return 2;
}
