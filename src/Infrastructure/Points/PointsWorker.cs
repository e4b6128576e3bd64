using MakCrm.Application.Points;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Points;

/// <summary>Runs the points awarder on this instance as the event feed grows (<see cref="FeedWorker"/>).</summary>
internal sealed class PointsWorker(
    IServiceScopeFactory scopes,
    EventSignals signals,
    IOptions<PointsOptions> options,
    TimeProvider clock,
    ILogger<PointsWorker> logger
) : FeedWorker(scopes, signals, clock, logger)
{
    protected override string Work => "Awarding points";

    protected override string EnabledSetting => "Mak:Points:Enabled";

    protected override FeedPace Pace =>
        new(options.Value.Enabled, options.Value.PollInterval, options.Value.MinRoundInterval, options.Value.BatchSize);

    protected override Task<int> RunBatchAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<PointsAwarder>().AwardBatchAsync(cancellationToken);
}
