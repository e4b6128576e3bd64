using System.Diagnostics;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Numbers committed events, so that every reader sees them in one order that never goes back: a transaction's events
/// take their numbers (from the database sequence <c>event_sequence</c>, which never goes back either, purges
/// notwithstanding) only after it committed, in turns under one advisory lock. (Numbers drawn when the events are
/// written would be taken in one order and committed in another, and
/// a reader that had seen 7 would never see a 6 that committed after it.) Runs on every instance, woken by the
/// database's notification that events were raised (a turn at most once every
/// <see cref="EventOptions.SequencerMinimumInterval"/>),
/// and polls too in case one was missed; after numbering it notifies
/// <see cref="EventChannelListener.SequencedChannel"/> with the highest number, in the same transaction.
/// </summary>
internal sealed partial class EventSequencer(
    NpgsqlDataSource dataSource,
    EventSignals signals,
    IServiceScopeFactory scopes,
    IOptions<EventOptions> options,
    TimeProvider clock,
    ILogger<EventSequencer> logger
) : BackgroundService
{
    private static readonly string Lock = $"SELECT {AdvisoryLocks.Exclusive("'mak-event-sequencer'")}";

    private const string Number = $"""
        WITH pending AS (
            SELECT id, position FROM events WHERE sequence IS NULL AND data IS NOT NULL ORDER BY position LIMIT $1
        ), numbered AS (
            SELECT id, nextval('event_sequence') AS sequence FROM (SELECT id FROM pending ORDER BY position) ordered
        ), updated AS (
            UPDATE events e SET sequence = n.sequence FROM numbered n WHERE e.id = n.id RETURNING e.sequence
        ), turn AS (
            SELECT count(*)::int AS count, max(sequence) AS highest FROM updated
        )
        SELECT count, highest, CASE WHEN highest IS NOT NULL THEN pg_notify('{EventChannelListener.SequencedChannel}',
            highest::text) END
        FROM turn
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SequencerEnabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = signals.WaitForRaisedAsync(options.Value.SequencerPollInterval, clock, stoppingToken);
                var started = clock.GetTimestamp();
                try
                {
                    // A turn in flight is finished, not cancelled, when the host stops: it is one short transaction.
                    while (
                        await TimedTurnAsync() >= options.Value.SequencerBatchSize
                        && !stoppingToken.IsCancellationRequested
                    ) { }

                    MakMetrics.WorkerSucceeded(nameof(EventSequencer), options.Value.SequencerPollInterval, clock);
                }
                catch (Exception ex)
                {
                    // Nothing was numbered by a failed turn (its transaction rolled back): the next one numbers it.
                    Failed(logger, ex);
                }

                await wake;
                var wait = options.Value.SequencerMinimumInterval - clock.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task<int> TimedTurnAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var numbered = await NumberAsync(CancellationToken.None);
        MakMetrics.SequencerTurnTook(Stopwatch.GetElapsedTime(started), numbered);
        return numbered;
    }

    /// <summary>
    /// One turn, in three round trips: the lock with the events waiting for their data, numbering with its
    /// notification,
    /// the commit. Returns how many it numbered.
    /// </summary>
    internal async Task<int> NumberAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = new List<EventDataRenderer.PendingEvent>();
        await using (
            var start = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new(Lock),
                    new(EventDataRenderer.Pending)
                    {
                        Parameters = { new() { Value = options.Value.SequencerBatchSize } },
                    },
                },
            }
        )
        await using (var reader = await start.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add(await EventDataRenderer.ReadPendingAsync(reader, cancellationToken));
            }
        }

        // Events a raw-SQL writer left without their data get it first, so that no reader ever sees one without.
        if (pending.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope
                .ServiceProvider.GetRequiredService<EventDataRenderer>()
                .RenderAsync(connection, transaction, pending, cancellationToken);
        }

        // A statement of its own after the lock: under READ COMMITTED it sees every event committed before the previous
        // turn ended. It notifies the highest number it gave, delivered when the transaction commits.
        int count;
        await using (
            var number = new NpgsqlCommand(Number, connection, transaction)
            {
                Parameters = { new() { Value = options.Value.SequencerBatchSize } },
            }
        )
        await using (var reader = await number.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            count = reader.GetInt32(0);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Numbering events failed; the next turn tries again.")]
    private static partial void Failed(ILogger logger, Exception exception);
}
