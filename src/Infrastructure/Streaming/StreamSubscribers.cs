using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MakCrm.Infrastructure.Streaming;

/// <summary>What a stream is told besides new events: a notification of its user's, or a bid on a lot.</summary>
public abstract record StreamSignal
{
    public sealed record NotificationCreated(Guid NotificationId) : StreamSignal;

    public sealed record LotBid(Guid LotId) : StreamSignal;
}

/// <summary>One open stream as <see cref="StreamSubscribers"/> knows it.</summary>
public sealed class StreamSubscription(StreamSubscribers owner, string caller, Guid? userId, bool watchesLots) : IDisposable
{
    private readonly Channel<StreamSignal> signals = Channel.CreateUnbounded<StreamSignal>(new UnboundedChannelOptions { SingleReader = true });

    public string Caller { get; } = caller;

    public Guid? UserId { get; } = userId;

    public bool WatchesLots { get; } = watchesLots;

    public ChannelReader<StreamSignal> Signals => signals.Reader;

    internal void Tell(StreamSignal signal) => signals.Writer.TryWrite(signal);

    public void Dispose() => owner.Remove(this);
}

/// <summary>
/// The streams open on this instance: at most <see cref="StreamOptions.MaxStreamsPerCaller"/> per user or API client,
/// and to whom a notification or a lot's bid is told (<see cref="StreamChannelListener"/> hears both from the database).
/// </summary>
public sealed class StreamSubscribers
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> perCaller = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<StreamSubscription, byte> all = new();

    /// <summary>A new stream of <paramref name="caller"/>, or null when the caller holds <paramref name="limit"/> already.</summary>
    public StreamSubscription? TryAdd(string caller, Guid? userId, bool watchesLots, int limit)
    {
        lock (gate)
        {
            var open = perCaller.GetValueOrDefault(caller);
            if (open >= limit)
            {
                return null;
            }

            perCaller[caller] = open + 1;
        }

        var subscription = new StreamSubscription(this, caller, userId, watchesLots);
        all[subscription] = 0;
        return subscription;
    }

    public int Count => all.Count;

    internal void Remove(StreamSubscription subscription)
    {
        if (!all.TryRemove(subscription, out _))
        {
            return;
        }

        lock (gate)
        {
            if (perCaller.TryGetValue(subscription.Caller, out var open) && open > 1)
            {
                perCaller[subscription.Caller] = open - 1;
            }
            else
            {
                perCaller.Remove(subscription.Caller);
            }
        }
    }

    public void NotificationCreated(Guid recipientUserId, Guid notificationId)
    {
        foreach (var subscription in all.Keys)
        {
            if (subscription.UserId == recipientUserId)
            {
                subscription.Tell(new StreamSignal.NotificationCreated(notificationId));
            }
        }
    }

    public void LotBid(Guid lotId)
    {
        foreach (var subscription in all.Keys)
        {
            if (subscription.WatchesLots)
            {
                subscription.Tell(new StreamSignal.LotBid(lotId));
            }
        }
    }
}
