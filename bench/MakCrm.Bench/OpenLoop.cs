using System.Diagnostics;

namespace MakCrm.Bench;

/// <summary>
/// Open-loop load: request <c>i</c> is started at <c>i / rate</c> seconds, whether or not the earlier ones have been
/// answered (so a slow server meets the same arrivals, and its queueing shows in the latencies), for the duration.
/// </summary>
internal static class OpenLoop
{
    /// <summary>
    /// Starts <paramref name="send"/> (given the request's number and when it was due, on the run's clock) on the thread
    /// pool at each due time, and waits for all of them. With <paramref name="inFlight"/>, a request waits for a free
    /// slot before it starts, which caps the requests outstanding.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(
        double rate, TimeSpan duration, Func<long, TimeSpan, Stopwatch, Task> send, CancellationToken cancellationToken, SemaphoreSlim? inFlight = null)
    {
        var pending = new List<Task>();
        var total = (long)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (inFlight is not null)
            {
                await inFlight.WaitAsync(cancellationToken);
            }

            var number = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await send(number, due, clock);
                }
                finally
                {
                    inFlight?.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(pending);
        return clock.Elapsed;
    }
}
