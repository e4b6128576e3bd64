using System.Diagnostics;

namespace MakCrm.Bench;

/// <summary>What one phase of load measured. Latencies in milliseconds, of the successful requests.</summary>
internal sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, double[] LatenciesMs, string? FirstFailure)
{
    public double Throughput => Succeeded / Elapsed.TotalSeconds;

    /// <summary>Several slices of one side as one: their requests and their times added up, their latencies merged.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> slices)
    {
        var latencies = slices.SelectMany(s => s.LatenciesMs).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            slices.Sum(s => s.Succeeded), slices.Sum(s => s.Failed), TimeSpan.FromTicks(slices.Sum(s => s.Elapsed.Ticks)), latencies,
            slices.Select(s => s.FirstFailure).FirstOrDefault(f => f is not null));
    }

    /// <summary>The throughput ratio of each pair of slices (one side's k-th against the other's), as text.</summary>
    public static string PairRatios(IEnumerable<LoadResult> first, IEnumerable<LoadResult> second) =>
        string.Join(", ", first.Zip(second).Select(pair => FormattableString.Invariant(
            $"{pair.First.Throughput / pair.Second.Throughput:0.00}")));

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        // Nearest rank on the sorted latencies.
        var rank = (int)Math.Ceiling(p / 100 * LatenciesMs.Length);
        return LatenciesMs[Math.Clamp(rank - 1, 0, LatenciesMs.Length - 1)];
    }
}

/// <summary>
/// Runs requests — HTTP requests built by a function (one per call, from the shared payload stream), or any unit of
/// work that reports its failure — and times them.
/// Closed loop: N workers, each sending its next request when the previous one is answered — the maximum throughput.
/// Open loop: requests due at a fixed rate whatever the answers, each timed from when it was due (not from when it
/// could be sent), so that queueing in the client or the server counts and coordinated omission does not hide it.
/// </summary>
internal sealed class LoadGenerator(Func<CancellationToken, Task<string?>> send)
{
    public LoadGenerator(HttpClient http, Func<HttpRequestMessage> nextRequest)
        : this(cancellationToken => SendAsync(http, nextRequest, cancellationToken))
    {
    }

    /// <summary>A cap on requests in flight in the open loop, so that a server far slower than the rate cannot exhaust the machine.</summary>
    private const int MaxInFlight = 2048;

    public async Task<LoadResult> ClosedLoopAsync(int workers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var recorder = new Recorder();
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                var outcome = await send(cancellationToken);
                recorder.Record(outcome, (clock.Elapsed - started).TotalMilliseconds);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        return recorder.Result(clock.Elapsed);
    }

    public async Task<LoadResult> OpenLoopAsync(double ratePerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var recorder = new Recorder();
        var elapsed = await OpenLoop.RunAsync(ratePerSecond, duration, async (_, due, clock) =>
        {
            var outcome = await send(cancellationToken);
            recorder.Record(outcome, (clock.Elapsed - due).TotalMilliseconds);
        }, cancellationToken, new SemaphoreSlim(MaxInFlight));
        return recorder.Result(elapsed);
    }

    private static async Task<string?> SendAsync(HttpClient http, Func<HttpRequestMessage> nextRequest, CancellationToken cancellationToken)
    {
        try
        {
            using var request = nextRequest();
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return $"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {body[..Math.Min(body.Length, 500)]}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    private sealed class Recorder
    {
        private readonly Lock _lock = new();
        private readonly List<double> _latencies = new(1 << 16);
        private long _failed;
        private string? _firstFailure;

        public void Record(string? failure, double latencyMs)
        {
            lock (_lock)
            {
                if (failure is null)
                {
                    _latencies.Add(latencyMs);
                }
                else
                {
                    _failed++;
                    _firstFailure ??= failure;
                }
            }
        }

        public LoadResult Result(TimeSpan elapsed)
        {
            lock (_lock)
            {
                var sorted = _latencies.ToArray();
                Array.Sort(sorted);
                return new LoadResult(sorted.Length, _failed, elapsed, sorted, _firstFailure);
            }
        }
    }
}
