using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Retention;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Retention;

/// <summary>
/// Every interval, destroys the personal data the retention rules make due, one run (one transaction, one act of
/// destruction) per batch, until nothing is due. The subjects of a run are locked with <c>FOR UPDATE SKIP LOCKED</c>
/// for its transaction, so the workers of several instances never destroy one subject twice; the work acts for head
/// office, the operator the documents name.
/// </summary>
internal sealed class DestructionWorker(
    IServiceScopeFactory scopes,
    IOptions<DestructionOptions> options,
    TimeProvider clock,
    ILogger<DestructionWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Destroying personal data past its retention";

    protected override string EnabledSetting => "Mak:Retention:DestructionEnabled";

    protected override bool Enabled => options.Value.DestructionEnabled;

    protected override TimeSpan Interval => options.Value.DestructionInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        services
            .GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(Organization.HeadOfficeId, null, null, []));
        var batch = Math.Max(1, options.Value.DestructionBatchSize);
        var destroyed = await services.GetRequiredService<DestructionRound>().RunAsync(batch, cancellationToken);
        return (destroyed, destroyed >= batch);
    }
}
