using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Commissions;
using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Commissions;

public sealed class CommissionOptions
{
    public const string Section = "Mak:Commissions";

    /// <summary>Whether this instance runs the hold-release worker.</summary>
    public bool HoldReleaseEnabled { get; set; } = true;

    public TimeSpan HoldReleaseInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many due accruals one round releases.</summary>
    public int HoldReleaseBatchSize { get; set; } = 100;
}

/// <summary>
/// Releases accruals whose hold has ended (their <c>hold_until</c> is today or earlier, by the clock) and that were
/// neither released nor reversed, a batch per transaction. The claim is <c>FOR UPDATE SKIP LOCKED</c> on the accrual
/// rows
/// (row locks only; the rows are never changed), so releasers of several instances never take the same accrual; then
/// the organizations' commission-ledger locks in the one order, and under them a second look that skips an accrual a
/// cancellation reversed meanwhile. The unique idempotency key refuses a second release whatever happens.
/// </summary>
[Scoped]
public sealed class CommissionHoldRelease(
    MakCrmDbContext db,
    ICommissionLedger ledger,
    IEventWriter events,
    TimeProvider clock
)
{
    private static readonly string DueSql = $$"""
        SELECT * FROM commission_entries a
        WHERE a.kind = {{EnumLiterals.Of(CommissionEntryKind.Accrual)}} AND a.hold_until <= {0}
          AND NOT EXISTS (SELECT 1 FROM commission_entries f WHERE f.follows_entry_id = a.id)
        ORDER BY a.hold_until, a.id
        LIMIT {1}
        FOR UPDATE SKIP LOCKED
        """;

    /// <returns>How many accruals were released.</returns>
    public async Task<int> ReleaseDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Set<CommissionEntry>()
            .FromSqlRaw(DueSql, today, batchSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        await ledger.LockAsync(due.Select(a => a.OrganizationId).Distinct().ToList(), cancellationToken);
        var ids = due.Select(a => a.Id).ToList();
        var followed = await db.Set<CommissionEntry>()
            .AsNoTracking()
            .Where(f => f.FollowsEntryId != null && ids.Contains(f.FollowsEntryId.Value))
            .Select(f => f.FollowsEntryId!.Value)
            .ToListAsync(cancellationToken);
        var released = 0;
        foreach (var accrual in due.Where(a => !followed.Contains(a.Id)))
        {
            ledger.Add(CommissionEntry.Release(clock.NewId(), accrual, now));
            released++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.WriteRaisedAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return released;
    }
}

/// <summary>Every interval, releases the commission holds that ended (<see cref="CommissionHoldRelease"/>).</summary>
internal sealed class CommissionHoldReleaseWorker(
    IServiceScopeFactory scopes,
    IOptions<CommissionOptions> options,
    TimeProvider clock,
    ILogger<CommissionHoldReleaseWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Releasing commission holds";

    protected override string EnabledSetting => "Mak:Commissions:HoldReleaseEnabled";

    protected override bool Enabled => options.Value.HoldReleaseEnabled;

    protected override TimeSpan Interval => options.Value.HoldReleaseInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var released = await services
            .GetRequiredService<CommissionHoldRelease>()
            .ReleaseDueAsync(options.Value.HoldReleaseBatchSize, cancellationToken);
        return (released, released >= options.Value.HoldReleaseBatchSize);
    }
}
