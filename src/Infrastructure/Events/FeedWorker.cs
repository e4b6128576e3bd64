using MakCrm.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Events;

/// <summary>How a worker that follows the event feed paces itself.</summary>
/// <param name="MinRoundInterval">The least time between two rounds: the events numbered meanwhile are handled in one
/// round, so a busy feed costs a round per interval instead of one per commit.</param>
internal sealed record FeedPace(bool Enabled, TimeSpan PollInterval, TimeSpan MinRoundInterval, int BatchSize);

/// <summary>
/// A worker that follows the event feed on this instance: woken when events are numbered
/// (<see cref="EventSignals.Sequenced"/>) and every poll interval (a missed signal costs at most one interval), but not
/// sooner than the pace's least interval after the last round. Each round drains the feed, a batch per scope, before
/// waiting again; a failing round committed nothing and is retried at the next wake-up.
/// </summary>
internal abstract partial class FeedWorker(
    IServiceScopeFactory scopes,
    EventSignals signals,
    TimeProvider clock,
    ILogger logger
) : BackgroundService
{
    /// <summary>What the worker does, for its log lines (e.g. "Awarding points").</summary>
    protected abstract string Work { get; }

    /// <summary>The setting that turns it off on an instance, for the log line that says it is off.</summary>
    protected abstract string EnabledSetting { get; }

    protected abstract FeedPace Pace { get; }

    /// <summary>One batch in its own scope; returns how many events it read (as many as a batch: more may
    /// wait).</summary>
    protected abstract Task<int> RunBatchAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Pace.Enabled)
        {
            LogDisabled(logger, Work, EnabledSetting);
            return;
        }

        using var wake = new SemaphoreSlim(0);
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
                await DrainAsync(stoppingToken);
                try
                {
                    await Task.Delay(Pace.MinRoundInterval, clock, stoppingToken);
                    using var timeout = new CancellationTokenSource(Pace.PollInterval, clock);
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

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            int read;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                read = await RunBatchAsync(scope.ServiceProvider, stoppingToken);
            } while (read >= Pace.BatchSize && !stoppingToken.IsCancellationRequested);

            MakMetrics.WorkerSucceeded(GetType().Name, Pace.PollInterval, clock);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, Work, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Work} is off on this instance ({Setting}).")]
    private static partial void LogDisabled(ILogger logger, string work, string setting);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed; the next wake-up retries.")]
    private static partial void LogFailed(ILogger logger, string work, Exception exception);
}
