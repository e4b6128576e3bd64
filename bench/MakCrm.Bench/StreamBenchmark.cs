using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace MakCrm.Bench;

/// <summary>
/// <c>--streams</c> (2,000) concurrent SSE connections on each side — <c>GET /api/v1/stream</c> of the API with the
/// partner's bearer token, and the raw LISTEN/NOTIFY server of <see cref="BaselineStreamServer"/> — all open the whole
/// time; then the sides take turns (ABBA slices) committing leads at <c>--event-rate</c> through their lead endpoint,
/// and every stream's receipt of each <c>lead.created</c> is timed against that lead's request: from its 201 (the
/// commit is before it, and only the answer's way back after it: the one judged) and from when it was sent (a loose
/// upper bound, which includes the whole request before the commit).
/// </summary>
internal static class StreamBenchmark
{
    public const double MaxP95Ms = 200;

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var slice = options.Duration / options.Slices;
        report.Heading($"Live stream — {options.Streams} SSE connections per side; API: GET /api/v1/stream; baseline: raw LISTEN/NOTIFY SSE");
        report.Line($"lead creations at {options.EventRate:0.#}/s in {options.Slices} slices of {slice.TotalSeconds:0.#} s per side taken in turns (ABBA); "
            + $"file descriptors: ulimit -n {FileLimit()}");

        var settings = new Dictionary<string, string>
        {
            // The cap protects an instance from one caller; here one partner holds every stream (as the rate limits are lifted).
            ["Mak__Stream__MaxStreamsPerCaller"] = (options.Streams + 10).ToString(CultureInfo.InvariantCulture),
        };
        var baselineDatabase = await FreshDatabase.PrepareAsync(options, "mak_bench_stream_baseline", cancellationToken);
        var (apiDatabase, process) = await FreshDatabase.StartApiAsync(options, "mak_bench_stream_api", cancellationToken, settings);
        Side api, baseline;
        await using (process)
        {
            await using var server = await BaselineStreamServer.StartAsync(options, baselineDatabase.Connection, baselineDatabase.Partner, cancellationToken);
            var apiToken = apiDatabase.Partner.AccessToken;
            var baselineToken = baselineDatabase.Partner.AccessToken;
            var apiPayloads = new LeadPayloads(options.Seed, duplicateFraction: 0);
            var baselinePayloads = new LeadPayloads(options.Seed, duplicateFraction: 0);
            api = new Side("API", process.BaseUrl, "/api/v1/stream", apiToken,
                () => LeadTargets.Post("/api/v1/lead-submissions", apiToken, writer => LeadSubmissionBody.Write(writer, apiPayloads.Next())));
            baseline = new Side("baseline", server.BaseUrl, BaselineStreamServer.StreamPath, baselineToken,
                () => LeadTargets.Post(BaselineServer.Path, baselineToken, writer => LeadSubmissionBody.Write(writer, baselinePayloads.Next())));
            try
            {
                foreach (var side in new[] { api, baseline })
                {
                    report.Progress($"{side.Name}: opening {options.Streams} streams");
                    var opening = Stopwatch.StartNew();
                    await side.OpenAsync(options.Streams, cancellationToken);
                    report.Line($"  {side.Name}: {options.Streams} streams open in {opening.Elapsed.TotalSeconds:0.0} s");
                    report.Progress($"{side.Name}: warm-up, {options.Warmup.TotalSeconds:0.#} s of leads");
                    await side.CommitAsync(options.EventRate, options.Warmup, measured: false, cancellationToken);
                }

                report.Progress($"measuring: {options.Slices} slices of {slice.TotalSeconds:0.#} s per side, in turns");
                foreach (var side in Turns.Abba(api, baseline, options.Slices))
                {
                    var (database, serverProcess) = side == api ? (apiDatabase, process) : (baselineDatabase, server);
                    var monitor = await RunMonitor.StartAsync(
                        database.Connection, serverProcess.ProcessId, cancellationToken);
                    await side.CommitAsync(options.EventRate, slice, measured: true, cancellationToken);
                    side.Windows.Add(await monitor.StopAsync(cancellationToken));
                }

                report.Line($"  peak RSS: API {process.PeakResidentBytes() / 1048576.0:0} MB (log {process.LogPath}), baseline {server.PeakResidentBytes() / 1048576.0:0} MB; "
                    + $"streams still open: API {api.Open}, baseline {baseline.Open}");
            }
            finally
            {
                api.Dispose();
                baseline.Dispose();
            }
        }

        report.Line("");
        var results = new[] { api.Result(), baseline.Result() };
        report.Table(
            ["side", "leads", "receipts", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms", "p95 from sent ms", "server cores", "bench cores"],
            results.Select(r => r.Row()).ToList());
        var (apiResult, baselineResult) = (results[0], results[1]);
        report.Line($"p95 from the 201, API / baseline: {apiResult.P95 / baselineResult.P95:0.00}; from the request's start: {apiResult.UpperP95 / baselineResult.UpperP95:0.00}");
        foreach (var failure in new[] { api.FirstFailure, baseline.FirstFailure }.OfType<string>())
        {
            report.Line($"  first failure: {failure}");
        }

        // Each lead's events go to every stream: the CPU of a lead is its request and its fan-out to all of them.
        var costs = report.CpuPer(
            $"lead (to {options.Streams} streams)", apiResult.Monitor, apiResult.LeadsPerSecond, baselineResult.Monitor,
            baselineResult.LeadsPerSecond);
        var valid = apiResult.Missing == 0 && apiResult.Leads > 0 && api.FirstFailure is null;
        var pass = valid && apiResult.P95 < MaxP95Ms;
        report.Judged("stream", $"API p95 commit→receipt, {options.Streams} streams (baseline's)",
            $"{apiResult.P95:0.0} ms ({baselineResult.P95:0.0})", $"< {MaxP95Ms:0} ms", valid ? pass : null, costs);
        report.Line($"API p95 commit→receipt at each of {options.Streams} streams: {apiResult.P95:0.0} ms from the lead's 201 (target < {MaxP95Ms:0} ms)  "
            + $"{(!valid ? "INVALID (receipts missing or requests failed)" : pass ? "PASS" : "FAIL")}; {apiResult.UpperP95:0.0} ms from the request's start");
        return pass;
    }

    private static string FileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?";
    }

    private sealed record SideResult(
        string Name,
        int Leads,
        long Receipts,
        long Missing,
        double[] FromAnswer,
        double UpperP95,
        RunMonitor.Result Monitor)
    {
        public double P95 => WebhookBenchmark.Percentile(FromAnswer, 95);

        public double LeadsPerSecond => Leads / Math.Max(Monitor.Seconds, 0.001);

        private double ServerCores => Monitor.ServerCores;

        private double BenchCores => Monitor.BenchCores;

        public string[] Row() =>
        [
            Name, Leads.ToString(CultureInfo.InvariantCulture), Receipts.ToString(CultureInfo.InvariantCulture), Missing.ToString(CultureInfo.InvariantCulture),
            F(WebhookBenchmark.Percentile(FromAnswer, 50)), F(P95), F(WebhookBenchmark.Percentile(FromAnswer, 99)), F(FromAnswer.Length == 0 ? double.NaN : FromAnswer[^1]),
            F(UpperP95), F(ServerCores), F(BenchCores),
        ];

        private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>One side: its streams (one HttpClient, a connection each), the leads it committed and when each stream got them.</summary>
    private sealed class Side : IDisposable
    {
        private readonly SocketsHttpHandler _handler = new()
        {
            MaxConnectionsPerServer = int.MaxValue,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };

        private readonly HttpClient _streams;
        private readonly LoadClient _posts;
        private readonly string _path;
        private readonly string _token;
        private readonly Func<HttpRequestMessage> _nextLead;
        private readonly CancellationTokenSource _closing = new();
        private readonly List<Task> _readers = [];
        private readonly List<StreamReceipts> _receipts = [];
        private readonly ConcurrentDictionary<Guid, (long Sent, long Answered)> _measured = new();
        private int _open;
        private string? _firstFailure;

        public Side(string name, Uri baseUrl, string path, string token, Func<HttpRequestMessage> nextLead)
        {
            Name = name;
            _streams = new HttpClient(_handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
            _posts = new LoadClient(baseUrl);
            (_path, _token, _nextLead) = (path, token, nextLead);
        }

        public string Name { get; }

        public int Open => Volatile.Read(ref _open);

        public string? FirstFailure => _firstFailure;

        /// <summary>What the machine and the side's processes did during its measured slices.</summary>
        public List<RunMonitor.Result> Windows { get; } = [];

        /// <summary>Opens <paramref name="count"/> streams, 50 at a time; each is open once its first bytes (the retry hint) arrived.</summary>
        public async Task OpenAsync(int count, CancellationToken cancellationToken)
        {
            using var gate = new SemaphoreSlim(50);
            var opened = new List<Task>();
            for (var i = 0; i < count; i++)
            {
                await gate.WaitAsync(cancellationToken);
                var receipts = new StreamReceipts();
                _receipts.Add(receipts);
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                opened.Add(ready.Task.ContinueWith(_ => gate.Release(), TaskScheduler.Default));
                _readers.Add(Task.Run(() => ReadAsync(receipts, ready), CancellationToken.None));
            }

            await Task.WhenAll(opened);
            if (Open < count)
            {
                throw new InvalidOperationException($"{Name}: only {Open} of {count} streams opened: {_firstFailure}");
            }
        }

        private async Task ReadAsync(StreamReceipts receipts, TaskCompletionSource ready)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, _path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                using var response = await _streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _closing.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.CompareExchange(ref _firstFailure, $"GET {_path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_closing.Token)}", null);
                    return;
                }

                await using var body = await response.Content.ReadAsStreamAsync(_closing.Token);
                var buffer = new byte[64 * 1024];
                var filled = 0;
                var opened = false;
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    var read = await body.ReadAsync(buffer.AsMemory(filled), _closing.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    var now = Stopwatch.GetTimestamp();
                    if (!opened)
                    {
                        opened = true;
                        Interlocked.Increment(ref _open);
                        ready.TrySetResult();
                    }

                    filled += read;
                    var consumed = Frames(buffer.AsSpan(0, filled), now, receipts);
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
            catch (Exception ex) when (_closing.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // Closing.
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _firstFailure, $"stream: {ex.Message}", null);
            }
            finally
            {
                ready.TrySetResult();
            }
        }

        /// <summary>Takes the complete messages at the start of <paramref name="data"/>; the bytes consumed.</summary>
        private static int Frames(ReadOnlySpan<byte> data, long now, StreamReceipts receipts)
        {
            var consumed = 0;
            while (true)
            {
                var end = data[consumed..].IndexOf("\n\n"u8);
                if (end < 0)
                {
                    return consumed;
                }

                var frame = data.Slice(consumed, end);
                consumed += end + 2;
                if (frame.IndexOf("event: lead.created\n"u8) < 0)
                {
                    continue;
                }

                // The envelope's top-level resourceId (the lead's id); PostgreSQL's JSON puts spaces around the colon.
                var at = frame.IndexOf("\"resourceId\""u8);
                if (at < 0)
                {
                    continue;
                }

                var rest = frame[(at + 12)..];
                var quote = rest.IndexOf((byte)'"');
                if (quote >= 0 && Utf8Parser.TryParse(rest[(quote + 1)..], out Guid lead, out _))
                {
                    receipts.Add(lead, now);
                }
            }
        }

        /// <summary>Leads at <paramref name="rate"/> per second for <paramref name="duration"/> (open loop); when measured, remembered for the latencies.</summary>
        public async Task CommitAsync(double rate, TimeSpan duration, bool measured, CancellationToken cancellationToken)
        {
            await OpenLoop.RunAsync(rate, duration, async (_, _, _) =>
            {
                using var request = _nextLead();
                var sent = Stopwatch.GetTimestamp();
                using var response = await _posts.Http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var answered = Stopwatch.GetTimestamp();
                var node = response.IsSuccessStatusCode ? JsonNode.Parse(text) : null;
                if ((node?["lead"]?["id"] ?? node?["id"])?.GetValue<Guid>() is { } lead)
                {
                    if (measured)
                    {
                        _measured[lead] = (sent, answered);
                    }
                }
                else
                {
                    Interlocked.CompareExchange(ref _firstFailure, $"POST {request.RequestUri}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}", null);
                }
            }, cancellationToken);
            // Give the last lead's events the time to arrive before the other side's turn.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        public SideResult Result()
        {
            var fromAnswer = new List<double>();
            var fromSent = new List<double>();
            long receipts = 0;
            foreach (var stream in _receipts)
            {
                foreach (var (lead, at) in stream.Snapshot())
                {
                    if (_measured.TryGetValue(lead, out var times))
                    {
                        receipts++;
                        fromAnswer.Add(Stopwatch.GetElapsedTime(times.Answered, at).TotalMilliseconds);
                        fromSent.Add(Stopwatch.GetElapsedTime(times.Sent, at).TotalMilliseconds);
                    }
                }
            }

            var answer = fromAnswer.Order().ToArray();
            var sent = fromSent.Order().ToArray();
            return new SideResult(Name, _measured.Count, receipts, (long)_measured.Count * _receipts.Count - receipts, answer,
                WebhookBenchmark.Percentile(sent, 95), RunMonitor.Result.Combine(Windows));
        }

        public void Dispose()
        {
            _closing.Cancel();
            try
            {
                Task.WaitAll([.. _readers], TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // The readers end by cancellation.
            }

            _streams.Dispose();
            _handler.Dispose();
            _posts.Dispose();
            _closing.Dispose();
        }
    }

    /// <summary>The lead.created messages one stream received, with when.</summary>
    private sealed class StreamReceipts
    {
        private readonly Lock _gate = new();
        private readonly List<(Guid Lead, long At)> _items = [];

        public void Add(Guid lead, long at)
        {
            lock (_gate)
            {
                _items.Add((lead, at));
            }
        }

        public List<(Guid Lead, long At)> Snapshot()
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }
}
