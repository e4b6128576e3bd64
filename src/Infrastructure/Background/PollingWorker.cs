using MakCrm.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Background;

/// <summary>
/// A worker that wakes every interval and drains its due work in rounds, each round in a fresh DI scope (its own
/// DbContext and transaction), until a round says nothing more is waiting. A failing round is logged and the next tick
/// tries again: the round committed nothing, so nothing is lost or done twice. The first tick waits one interval, so
/// that start-up (migrations) is over before the first claim. Stopping ends the drain between rounds.
/// </summary>
internal abstract partial class PollingWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger)
    : BackgroundService
{
    /// <summary>The clock the worker ticks by, for rounds that need the time.</summary>
    protected TimeProvider Clock => clock;

    /// <summary>What the worker does, for its log lines (e.g. "Closing lots").</summary>
    protected abstract string Work { get; }

    /// <summary>The setting that turns it off on an instance, for the log line that says it is off.</summary>
    protected abstract string EnabledSetting { get; }

    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One round, in its own scope: how many items it handled, and whether more may be waiting.</summary>
    protected abstract Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    );

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            LogDisabled(logger, Work, EnabledSetting);
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await DrainAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            var handled = 0;
            bool more;
            do
            {
                // A round in flight is finished, not cancelled, when the host stops: it is one short transaction, and
                // cancelling it half-way made EF Core log an error for a shutdown that went as it should.
                await using var scope = scopes.CreateAsyncScope();
                (var count, more) = await RunRoundAsync(scope.ServiceProvider, CancellationToken.None);
                handled += count;
            } while (more && !stoppingToken.IsCancellationRequested);

            MakMetrics.WorkerSucceeded(GetType().Name, Interval, clock);

            if (handled > 0)
            {
                LogHandled(logger, Work, handled);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, Work);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Work} is disabled on this instance ({Setting}).")]
    private static partial void LogDisabled(ILogger logger, string work, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Work}: {Count} done.")]
    private static partial void LogHandled(ILogger logger, string work, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed; the next tick retries.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work);
}
