using MakCrm.Infrastructure.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Every poll interval, runs due imports one after another until none is left. A failing run is logged; its
/// operation keeps its last committed row and is claimed again once its lease runs out.
/// </summary>
internal sealed partial class ImportWorker(
    ImportRunner runner,
    IOptions<ImportOptions> options,
    TimeProvider clock,
    ILogger<ImportWorker> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await runner.RunNextAsync(stoppingToken)) { }

                    MakMetrics.WorkerSucceeded(nameof(ImportWorker), settings.PollInterval, clock);
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
        Message = "Imports are not processed on this instance (Mak:Imports:Enabled)."
    )]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Running an import failed; it resumes when its lease runs out.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
