using MakCrm.Application.Abstractions.Events;
using MakCrm.Domain.Events;
using MakCrm.Infrastructure.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Streaming;

/// <summary>An event with its stream message, framed once for every stream that shows it.</summary>
public sealed record LiveEvent(EventRecord Record, byte[] Message);

/// <summary>
/// The events numbered in (<see cref="Floor"/>, <see cref="Head"/>], all of them, in order: a stream whose cursor is at
/// least <see cref="Floor"/> takes what follows its cursor from here and has seen everything up to <see cref="Head"/>.
/// </summary>
public sealed record LiveEventWindow(long Floor, long Head, IReadOnlyList<LiveEvent> Events);

/// <summary>
/// Reads each newly numbered event once per instance for all the streams on it, instead of once per stream: it waits
/// for <see cref="EventSignals"/>, reads the feed after its head with every type, frames each event, and keeps the most
/// recent ones (<see cref="StreamOptions.RecentEvents"/>). With no stream open it reads nothing and only moves its
/// head, so a stream that opens later finds an empty window starting where it starts.
/// </summary>
[Singleton]
public sealed partial class LiveEvents(
    NpgsqlDataSource dataSource,
    EventSignals signals,
    IEventFeed feed,
    IOptions<StreamOptions> options,
    TimeProvider clock,
    ILogger<LiveEvents> logger
) : BackgroundService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private TaskCompletionSource advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Until it knows where the events are, the window serves no stream (each reads the feed itself).
    private volatile LiveEventWindow window = new(long.MaxValue, long.MaxValue, []);
    private int streams;

    public LiveEventWindow Window => window;

    /// <summary>Completes when the window next moves.</summary>
    public Task Advanced
    {
        get
        {
            lock (gate)
            {
                return advanced.Task;
            }
        }
    }

    /// <summary>Counts a stream while it is open: the window is filled only while some stream reads it.</summary>
    public IDisposable Attach()
    {
        Interlocked.Increment(ref streams);
        return new Detach(this);
    }

    /// <summary>
    /// The highest sequence numbered so far: every event up to it is committed and visible. Once every event kept has
    /// been purged, the purge horizon is that number (a stream starting there is not behind the feed).
    /// </summary>
    public async Task<long> LatestAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT greatest(COALESCE((SELECT max(sequence) FROM events), 0), COALESCE((SELECT purged_through FROM "
                + "event_horizon WHERE id = 1), 0))"
        );
        var latest = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return Math.Max(latest, signals.LastSequence);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (window.Floor == long.MaxValue)
                {
                    var latest = await LatestAsync(stoppingToken);
                    Publish(new LiveEventWindow(latest, latest, []));
                }

                await signals.WaitForSequenceAsync(window.Head, Poll, clock, stoppingToken);
                await AdvanceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ReadFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Every event up to a sequence heard of is committed and numbered, so a read after it sees them all.
            var heard = signals.LastSequence;
            var current = window;
            if (heard <= current.Head)
            {
                return;
            }

            if (Volatile.Read(ref streams) == 0)
            {
                Publish(new LiveEventWindow(heard, heard, []));
                return;
            }

            var records = await feed.ReadAsync(EventVisibility.Everything, current.Head, BatchSize, cancellationToken);
            var added = records
                .Select(r => new LiveEvent(
                    r,
                    SseFrame.Message(
                        r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        r.Type,
                        r.ToUtf8Json()
                    )
                ))
                .ToList();
            var head =
                records.Count == BatchSize
                    ? records[^1].Sequence
                    : Math.Max(heard, records.Count > 0 ? records[^1].Sequence : 0);
            var events = current.Events.Concat(added).ToList();
            var floor = current.Floor;
            var excess = events.Count - Math.Max(options.Value.RecentEvents, BatchSize);
            if (excess > 0)
            {
                floor = events[excess - 1].Record.Sequence;
                events.RemoveRange(0, excess);
            }

            Publish(new LiveEventWindow(floor, head, events));
            if (records.Count < BatchSize)
            {
                return;
            }
        }
    }

    private void Publish(LiveEventWindow next)
    {
        lock (gate)
        {
            window = next;
            advanced.TrySetResult();
            advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private sealed class Detach(LiveEvents owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner.streams);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading new events for the streams failed; trying again.")]
    private static partial void ReadFailed(ILogger logger, Exception exception);
}
