using MakCrm.Infrastructure.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Automation;

/// <summary>Runs the automation rules on this instance as the event feed grows (<see cref="FeedWorker"/>), off the
/// request path.</summary>
internal sealed class AutomationWorker(
    IServiceScopeFactory scopes,
    EventSignals signals,
    IOptions<AutomationOptions> options,
    TimeProvider clock,
    ILogger<AutomationWorker> logger
) : FeedWorker(scopes, signals, clock, logger)
{
    protected override string Work => "Running the automation rules";

    protected override string EnabledSetting => "Mak:Automation:Enabled";

    protected override FeedPace Pace =>
        new(options.Value.Enabled, options.Value.PollInterval, options.Value.MinRoundInterval, options.Value.BatchSize);

    protected override Task<int> RunBatchAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AutomationFeed>().RunBatchAsync(cancellationToken);
}
