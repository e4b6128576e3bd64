using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Readiness: the database has every migration this version knows. An instance started before <c>--migrate</c> ran
/// (or against a database an older deployment left) is not ready, so a balancer sends it nothing until the schema is
/// there. Once up to date it stays so (migrations are never taken back), and the check stops asking.
/// </summary>
[Singleton]
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public const string Name = "migrations";

    private volatile bool _upToDate;

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        if (_upToDate)
        {
            return HealthCheckResult.Healthy();
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the last {pending[^1]}.");
        }

        _upToDate = true;
        return HealthCheckResult.Healthy();
    }
}
