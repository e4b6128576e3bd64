using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Auditing;

/// <summary>Every purge interval, deletes the read log's lines older than the retention
/// (<see cref="PersonalDataReadRetention"/>).</summary>
internal sealed class PersonalDataReadPurgeWorker(
    IServiceScopeFactory scopes,
    IOptions<PersonalDataReadOptions> options,
    TimeProvider clock,
    ILogger<PersonalDataReadPurgeWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Purging old reads of personal data";

    protected override string EnabledSetting => "Mak:PersonalDataReads:PurgeEnabled";

    protected override bool Enabled => options.Value.PurgeEnabled;

    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var purged = await services
            .GetRequiredService<PersonalDataReadRetention>()
            .PurgeAsync(Clock.GetUtcNow() - options.Value.Retention, options.Value.PurgeBatchSize, cancellationToken);
        return (purged, purged >= options.Value.PurgeBatchSize);
    }
}
