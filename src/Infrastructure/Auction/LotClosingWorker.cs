using MakCrm.Application.Auction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Auction;

/// <summary>
/// Every poll interval, closes the lots whose end has come, one transaction per lot, until none is left. A failing
/// close is logged and retried on the next tick: nothing of it was committed.
/// </summary>
internal sealed partial class LotClosingWorker(
    IServiceScopeFactory scopes,
    AuctionOptions options,
    TimeProvider clock,
    ILogger<LotClosingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.ClosingEnabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.ClosingPollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CloseDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task CloseDueAsync(CancellationToken stoppingToken)
    {
        try
        {
            var closed = 0;
            bool more;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                more = await scope.ServiceProvider.GetRequiredService<LotCloser>().CloseNextAsync(stoppingToken);
                closed += more ? 1 : 0;
            }
            while (more && !stoppingToken.IsCancellationRequested);

            if (closed > 0)
            {
                LogClosed(logger, closed);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing lots is disabled on this instance (Mak:Auction:ClosingEnabled).")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} lots.")]
    private static partial void LogClosed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing a lot failed; the next tick retries.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
