using MakCrm.Application.Points;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Points;

/// <summary>
/// Runs the points awarder on this instance: woken when events are numbered (<see cref="EventSignals.Sequenced"/>) and
/// every poll interval (a missed signal costs at most one interval), but not sooner than
/// <see cref="PointsOptions.MinRoundInterval"/> after the last round, so that the events of a busy moment are awarded
/// in
/// one round. Each round drains the feed before waiting again; a failing round committed nothing and is retried at the
/// next wake-up.
/// </summary>
internal sealed partial class PointsWorker(
    IServiceScopeFactory scopes,
    EventSignals signals,
    IOptions<PointsOptions> options,
    TimeProvider clock,
    ILogger<PointsWorker> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
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
                    await Task.Delay(options.Value.MinRoundInterval, clock, stoppingToken);
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

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            int read;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                read = await scope.ServiceProvider.GetRequiredService<PointsAwarder>().AwardBatchAsync(stoppingToken);
            } while (read >= options.Value.BatchSize && !stoppingToken.IsCancellationRequested);

            MakMetrics.WorkerSucceeded(nameof(PointsWorker), options.Value.PollInterval, clock);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "The points awarder is disabled on this instance (Mak:Points:Enabled)."
    )]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Awarding points failed; the next wake-up retries.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
