using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Reminders;

/// <summary>
/// Every poll interval, delivers the due task reminders batch by batch until none are left. A failing tick is
/// logged and the next tick tries again: nothing was committed, so nothing is lost or sent twice.
/// </summary>
internal sealed partial class TaskReminderWorker(
    IServiceScopeFactory scopes,
    IOptions<ReminderOptions> options,
    TimeProvider clock,
    ILogger<TaskReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        // The first tick waits one interval, so that start-up (migrations) is over before the first claim.
        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await DeliverDueAsync(settings.BatchSize, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task DeliverDueAsync(int batchSize, CancellationToken stoppingToken)
    {
        try
        {
            int delivered;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                delivered = await scope.ServiceProvider.GetRequiredService<TaskReminderDispatcher>().DeliverBatchAsync(stoppingToken);
                if (delivered > 0)
                {
                    LogDelivered(logger, delivered);
                }
            }
            while (delivered >= batchSize && !stoppingToken.IsCancellationRequested);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task reminders are disabled on this instance (Mak:Reminders:Enabled).")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Count} task reminders.")]
    private static partial void LogDelivered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering task reminders failed; the next tick retries.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
