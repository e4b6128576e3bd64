using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Deletes the events older than a moment from the head of the feed, a batch at a time, and records the highest number
/// it deleted (<c>event_horizon</c>) in the same statement: a feed cursor below it may have missed events that are
/// gone.
/// Events are numbered shortly after they commit, so the feed's head holds its oldest events and a batch that reaches
/// younger ones has purged what there is: it walks the feed's own index and needs none on the time. An event whose
/// transaction ran long is numbered, and so purged, with its younger neighbours.
/// </summary>
[Singleton]
public sealed class EventRetention(NpgsqlDataSource dataSource)
{
    private const string Purge = """
        WITH head AS (
            SELECT id, occurred_at FROM events WHERE sequence IS NOT NULL ORDER BY sequence LIMIT $2 FOR UPDATE SKIP
                LOCKED
        ), purged AS (
            DELETE FROM events WHERE id IN (SELECT id FROM head WHERE occurred_at < $1)
            RETURNING sequence
        ), horizon AS (
            INSERT INTO event_horizon (id, purged_through) SELECT 1, max(sequence) FROM purged HAVING count(*) > 0
            ON CONFLICT (id) DO UPDATE SET purged_through = greatest(event_horizon.purged_through,
                excluded.purged_through)
        )
        SELECT count(*)::int FROM purged
        """;

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Purge);
        command.Parameters.Add(SqlParameters.Instant(olderThan));
        command.Parameters.Add(SqlParameters.Integer(batchSize));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>Every purge interval, deletes the events older than the retention (<see cref="EventRetention"/>).</summary>
internal sealed class EventPurgeWorker(
    IServiceScopeFactory scopes,
    IOptions<EventOptions> options,
    TimeProvider clock,
    ILogger<EventPurgeWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Purging old events";

    protected override string EnabledSetting => "Mak:Events:PurgeEnabled";

    protected override bool Enabled => options.Value.PurgeEnabled;

    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var purged = await services
            .GetRequiredService<EventRetention>()
            .PurgeAsync(Clock.GetUtcNow() - options.Value.Retention, options.Value.PurgeBatchSize, cancellationToken);
        return (purged, purged >= options.Value.PurgeBatchSize);
    }
}
