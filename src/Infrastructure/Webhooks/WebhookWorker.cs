using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Runs fan-out and delivery on this instance: woken when events are numbered (<see cref="EventSignals.Sequenced"/>)
/// and every poll interval (retries come due by the clock; a missed signal costs at most one interval). Each round
/// drains its work before waiting again; a failing round is logged and retried at the next wake-up. The deliveries
/// fan-out
/// makes are claimed for this worker as they are made (up to what it sends at once) and sent first; due deliveries are
/// claimed when there may be some besides.
/// </summary>
internal sealed partial class WebhookWorker(
    IServiceScopeFactory scopes,
    WebhookDeliverer deliverer,
    EventSignals signals,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookWorker> logger
) : BackgroundService
{
    private DateTimeOffset _nextClaim = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var wake = new SemaphoreSlim(0);
        void OnSequenced(long _)
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }

        signals.Sequenced += OnSequenced;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var fannedOut = new FannedOut();
                if (
                    await RunAsync("Fanning out events", ct => FanOutAsync(fannedOut, ct), stoppingToken)
                    & await RunAsync("Delivering webhooks", ct => DeliverAsync(fannedOut, ct), stoppingToken)
                )
                {
                    MakMetrics.WorkerSucceeded(nameof(WebhookWorker), options.Value.PollInterval, clock);
                }

                try
                {
                    using var timeout = new CancellationTokenSource(options.Value.PollInterval, clock);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                    await wake.WaitAsync(linked.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The poll interval passed.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            signals.Sequenced -= OnSequenced;
        }
    }

    private async Task FanOutAsync(FannedOut fannedOut, CancellationToken cancellationToken)
    {
        var claimUpTo = options.Value.BatchSize * Math.Max(1, options.Value.ConcurrentBatches);
        WebhookFanOut.Batch batch;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            batch = await scope
                .ServiceProvider.GetRequiredService<WebhookFanOut>()
                .FanOutBatchAsync(claimUpTo - fannedOut.Claimed.Count, cancellationToken);
            fannedOut.Claimed.AddRange(batch.Claimed);
            fannedOut.LeftUnclaimed |= batch.LeftUnclaimed;
        } while (batch.Followed >= options.Value.FanOutBatchSize && !cancellationToken.IsCancellationRequested);
    }

    /// <summary>
    /// Sends what fan-out claimed, in batches side by side, and claims due deliveries when there may be some: fan-out
    /// left some unclaimed, or claimed none (a wake-up by the clock, another instance fanning out), and otherwise once
    /// a
    /// poll interval for the retries come due meanwhile. A claimed batch that came back full (more may be due) starts
    /// up
    /// to <see cref="WebhookOptions.ConcurrentBatches"/> side by side; a round that finds a few claims once.
    /// </summary>
    private async Task DeliverAsync(FannedOut fannedOut, CancellationToken cancellationToken)
    {
        var inFlight = fannedOut
            .Claimed.Chunk(options.Value.BatchSize)
            .Select(async batch =>
            {
                await deliverer.DeliverClaimedAsync(batch, cancellationToken);
                return 0;
            })
            .ToList();
        var now = clock.GetUtcNow();
        if (fannedOut.LeftUnclaimed || fannedOut.Claimed.Count == 0 || now >= _nextClaim)
        {
            _nextClaim = now + options.Value.PollInterval;
            inFlight.Add(deliverer.DeliverDueAsync(cancellationToken));
        }

        try
        {
            while (inFlight.Count > 0)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                if (await done >= options.Value.BatchSize && !cancellationToken.IsCancellationRequested)
                {
                    while (inFlight.Count < Math.Max(1, options.Value.ConcurrentBatches))
                    {
                        inFlight.Add(deliverer.DeliverDueAsync(cancellationToken));
                    }
                }
            }
        }
        finally
        {
            // A failed batch ends the round once the others have recorded what they sent.
            await ((Task)Task.WhenAll(inFlight)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Runs a round; whether it ended without an error.</summary>
    private async Task<bool> RunAsync(string work, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        try
        {
            await round(stoppingToken);
            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, work);
            return false;
        }
    }

    /// <summary>What one round's fan-out claimed for this worker, and whether it left deliveries for a claim.</summary>
    private sealed class FannedOut
    {
        public List<WebhookDeliverer.Claimed> Claimed { get; } = [];

        public bool LeftUnclaimed { get; set; }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Webhooks are disabled on this instance (Mak:Webhooks:Enabled)."
    )]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed; the next wake-up retries.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work);
}
