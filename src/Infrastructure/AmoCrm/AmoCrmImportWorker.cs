using MakCrm.Infrastructure.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Every poll interval, runs due amoCRM imports one after another until none is left. A failing run is logged; its
/// import keeps its committed checkpoints and is claimed again once its lease runs out.
/// </summary>
internal sealed partial class AmoCrmImportWorker(
    AmoCrmImportRunner runner,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock,
    ILogger<AmoCrmImportWorker> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ImportsEnabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(settings.ImportPollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await runner.RunNextAsync(stoppingToken)) { }

                    MakMetrics.WorkerSucceeded(nameof(AmoCrmImportWorker), settings.ImportPollInterval, clock);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a running import gave its lease back and resumes on another instance.
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "amoCRM imports are not run on this instance (Mak:AmoCrm:ImportsEnabled)."
    )]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Running an amoCRM import failed; it resumes when its lease runs out."
    )]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
