using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>Applies the amoCRM webhook deliveries stored in the inbox on this instance
/// (<see cref="AmoCrmSyncRunner.ApplyInboxAsync"/>), and the catch-up poll and the daily comparison when they are due
/// (<see cref="AmoCrmSyncRunner.PollAsync"/>, <see cref="AmoCrmSyncRunner.ReconcileAsync"/>).</summary>
internal sealed class AmoCrmInboxWorker(
    IServiceScopeFactory scopes,
    AmoCrmSyncRunner runner,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock,
    ILogger<AmoCrmInboxWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Applying amoCRM's webhooks";

    protected override string EnabledSetting => "Mak:AmoCrm:SyncEnabled";

    protected override bool Enabled => options.Value.SyncEnabled;

    protected override TimeSpan Interval => options.Value.InboxPollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var applied = await runner.ApplyInboxAsync(cancellationToken);
        await runner.PollAsync(cancellationToken);
        await runner.ReconcileAsync(cancellationToken);
        return (applied, applied >= options.Value.InboxBatch);
    }
}

/// <summary>Writes MaK's changes of linked leads to amoCRM as the event feed grows (<see cref="FeedWorker"/>,
/// <see cref="AmoCrmSyncRunner.PushAsync"/>).</summary>
internal sealed class AmoCrmOutboxWorker(
    IServiceScopeFactory scopes,
    EventSignals signals,
    AmoCrmSyncRunner runner,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock,
    ILogger<AmoCrmOutboxWorker> logger
) : FeedWorker(scopes, signals, clock, logger)
{
    protected override string Work => "Writing MaK's changes to amoCRM";

    protected override string EnabledSetting => "Mak:AmoCrm:SyncEnabled";

    protected override FeedPace Pace =>
        new(
            options.Value.SyncEnabled,
            options.Value.OutboxPollInterval,
            options.Value.OutboxMinRoundInterval,
            options.Value.OutboxBatch
        );

    protected override Task<int> RunBatchAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        runner.PushAsync(cancellationToken);
}
