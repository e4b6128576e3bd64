using MakCrm.Infrastructure.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Runs fan-out and delivery on this instance: woken when events are numbered (<see cref="EventSignals.Sequenced"/>)
/// and every poll interval (retries come due by the clock; a missed signal costs at most one interval). Each round
/// drains its work before waiting again; a failing round is logged and retried at the next wake-up.
/// </summary>
internal sealed partial class WebhookWorker(
    IServiceScopeFactory scopes, WebhookDeliverer deliverer, EventSignals signals, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookWorker> logger)
    : BackgroundService
{
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
                await RunAsync("Fanning out events", FanOutAsync, stoppingToken);
                await RunAsync("Delivering webhooks", DeliverAsync, stoppingToken);
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

    private async Task FanOutAsync(CancellationToken cancellationToken)
    {
        int followed;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            followed = await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(cancellationToken);
        }
        while (followed >= options.Value.FanOutBatchSize && !cancellationToken.IsCancellationRequested);
    }

    /// <summary>
    /// One batch, and while batches come back full (more may be due) up to <see cref="WebhookOptions.ConcurrentBatches"/>
    /// side by side. A round that finds a few deliveries claims once, not once per batch it could have run.
    /// </summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        var inFlight = new List<Task<int>> { deliverer.DeliverDueAsync(cancellationToken) };
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

    private async Task RunAsync(string work, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        try
        {
            await round(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, work);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhooks are disabled on this instance (Mak:Webhooks:Enabled).")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed; the next wake-up retries.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work);
}
