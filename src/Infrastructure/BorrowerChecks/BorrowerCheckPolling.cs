using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.BorrowerChecks;
using MakCrm.Application.Common;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>
/// Claims one batch of pending checks due for a poll with <c>FOR UPDATE SKIP LOCKED</c> (so the instances over one
/// database never poll the same task) and asks the provider for each task's result: ready, the check completes; not
/// ready, it waits one interval more; still not ready past the give-up time, it completes as unavailable (timeout).
/// The claim is the lease: the rows stay locked until the batch commits, and a crash releases them for another round.
/// Each poll counts on the check (<see cref="BorrowerCheck.Polls"/>), so each leaves its audit line.
/// </summary>
[Scoped]
public sealed class PendingCheckPoller(
    MakCrmDbContext db,
    IEnforcementProceedingsCheck enforcement,
    BorrowerCheckOptions options,
    TimeProvider clock
)
{
    /// <returns>How many checks were polled; fewer than the batch size means none are left due.</returns>
    public async Task<int> PollBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var take = Math.Max(1, options.PollBatchSize);
        var due = await db.Set<BorrowerCheck>()
            .FromSql(
                $"""
                SELECT * FROM borrower_checks
                WHERE status = {SnakeCaseNames.Of(BorrowerCheckStatus.Pending)} AND next_poll_at <= {now}
                ORDER BY next_poll_at, id
                LIMIT {take}
                FOR UPDATE SKIP LOCKED
                """
            )
            .ToListAsync(cancellationToken);
        foreach (var check in due)
        {
            var result = await enforcement.PollAsync(check.ProviderTask!, cancellationToken);
            check.Polled();
            if (result is not null)
            {
                check.Complete(result, clock.UtcNowMicroseconds());
            }
            else if (now - check.RequestedAt >= options.GiveUpAfter)
            {
                var waited = CheckResult.Unavailable(
                    BorrowerCheckUnavailableReason.Timeout,
                    $"The provider's task was not ready within {options.GiveUpAfter}."
                );
                check.Complete(waited, now);
            }
            else
            {
                check.PollLater(now + options.PollInterval, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return due.Count;
    }
}

/// <summary>Every poll interval, polls the pending checks' tasks, batch by batch until none are due.</summary>
internal sealed class PendingCheckWorker(
    IServiceScopeFactory scopes,
    BorrowerCheckOptions options,
    TimeProvider clock,
    ILogger<PendingCheckWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Polling pending borrower checks";

    protected override string EnabledSetting => "Mak:BorrowerChecks:PollingEnabled";

    protected override bool Enabled => options.PollingEnabled;

    protected override TimeSpan Interval => options.PollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var polled = await services.GetRequiredService<PendingCheckPoller>().PollBatchAsync(cancellationToken);
        return (polled, polled >= options.PollBatchSize);
    }
}
