using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Numbers committed events, so that every reader sees them in one order that never goes back: a transaction's events
/// take their numbers (from the database sequence <c>event_sequence</c>, which never goes back either, purges
/// notwithstanding) only after it committed, in turns under one advisory lock. (Numbers drawn when the events are written would be taken in one order and committed in another, and
/// a reader that had seen 7 would never see a 6 that committed after it.) Runs on every instance, woken by the
/// database's notification that events were raised, and polls too in case one was missed; after numbering it notifies
/// <see cref="EventChannelListener.SequencedChannel"/> with the highest number, in the same transaction.
/// </summary>
internal sealed partial class EventSequencer(
    NpgsqlDataSource dataSource,
    EventSignals signals,
    IServiceScopeFactory scopes,
    IOptions<EventOptions> options,
    TimeProvider clock,
    ILogger<EventSequencer> logger) : BackgroundService
{
    private const string Lock = "SELECT pg_advisory_xact_lock(hashtextextended('mak-event-sequencer', 0))";

    private const string Number = """
        WITH pending AS (
            SELECT id, position FROM events WHERE sequence IS NULL AND data IS NOT NULL ORDER BY position LIMIT $1
        ), numbered AS (
            SELECT id, nextval('event_sequence') AS sequence FROM (SELECT id FROM pending ORDER BY position) ordered
        ), updated AS (
            UPDATE events e SET sequence = n.sequence FROM numbered n WHERE e.id = n.id RETURNING e.sequence
        )
        SELECT count(*)::int, max(sequence) FROM updated
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
                try
                {
                    // A turn in flight is finished, not cancelled, when the host stops: it is one short transaction.
                    while (await NumberAsync(CancellationToken.None) >= options.Value.SequencerBatchSize && !stoppingToken.IsCancellationRequested)
                    {
                    }
                }
                catch (Exception ex)
                {
                    // Nothing was numbered by a failed turn (its transaction rolled back): the next one numbers it.
                    Failed(logger, ex);
                }

                await wake;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One turn: numbers up to a batch of waiting events; how many it numbered.</summary>
    internal async Task<int> NumberAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(Lock, connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        // Events a raw-SQL writer left without their data get it first, so that no reader ever sees one without.
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EventDataRenderer>().RenderAsync(connection, transaction, options.Value.SequencerBatchSize, cancellationToken);
        }

        // A statement of its own after the lock: under READ COMMITTED it sees every event committed before the previous turn ended.
        int count;
        long? highest;
        await using (var number = new NpgsqlCommand(Number, connection, transaction) { Parameters = { new() { Value = options.Value.SequencerBatchSize } } })
        await using (var reader = await number.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            count = reader.GetInt32(0);
            highest = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetInt64(1);
        }

        if (highest is { } last)
        {
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{EventChannelListener.SequencedChannel}', $1)", connection, transaction)
            {
                Parameters = { new() { Value = last.ToString(CultureInfo.InvariantCulture) } },
            };
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Numbering events failed; the next turn tries again.")]
    private static partial void Failed(ILogger logger, Exception exception);
}
