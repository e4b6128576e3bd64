using MakCrm.Application.Grades;
using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Grades;

/// <summary>
/// Every poll interval, recomputes the grades of the current month for the organizations that have none yet, one
/// transaction per organization, until none is left: on the first of a month that is every graded organization, on
/// other days only those that became active since (or all, after an outage). Idempotent per organization and month.
/// </summary>
internal sealed class GradeRecomputeWorker(
    IServiceScopeFactory scopes,
    GradeOptions options,
    TimeProvider clock,
    ILogger<GradeRecomputeWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Recomputing grades";

    protected override string EnabledSetting => "Mak:Grades:RecomputeEnabled";

    protected override bool Enabled => options.RecomputeEnabled;

    protected override TimeSpan Interval => options.RecomputePollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var recomputed = await services.GetRequiredService<GradeRecomputer>().RecomputeNextAsync(cancellationToken);
        return (recomputed ? 1 : 0, recomputed);
    }
}
