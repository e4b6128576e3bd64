using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Idempotency;

/// <summary>Every purge interval, deletes the idempotency keys past their retention, a batch at a time.</summary>
internal sealed class IdempotencyPurgeWorker(
    IServiceScopeFactory scopes,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyPurgeWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Purging expired idempotency keys";

    protected override string EnabledSetting => "Mak:Idempotency:PurgeEnabled";

    protected override bool Enabled => options.Value.PurgeEnabled;

    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var purged = await services.GetRequiredService<IdempotencyStore>().PurgeExpiredAsync(cancellationToken);
        return (purged, purged >= options.Value.PurgeBatchSize);
    }
}
