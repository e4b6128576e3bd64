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
public sealed class StreamSubscription(StreamSubscribers owner, string caller, Guid? userId, bool watchesLots)
    : IDisposable
{
    private readonly Channel<StreamSignal> signals = Channel.CreateUnbounded<StreamSignal>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    public string Caller { get; } = caller;

    public Guid? UserId { get; } = userId;

    public bool WatchesLots { get; } = watchesLots;

    public ChannelReader<StreamSignal> Signals => signals.Reader;

    internal void Tell(StreamSignal signal) => signals.Writer.TryWrite(signal);

    public void Dispose() => owner.Remove(this);
}

/// <summary>
/// The streams open on this instance, and to whom a notification or a lot's bid is told
/// (<see cref="StreamChannelListener"/>
/// hears both from the database). How many a caller may open is <see cref="StreamSlots"/>' to say, across instances.
/// </summary>
[Singleton]
public sealed class StreamSubscribers
{
    private readonly ConcurrentDictionary<StreamSubscription, byte> all = new();

    /// <summary>A new stream of <paramref name="caller"/>.</summary>
    public StreamSubscription Add(string caller, Guid? userId, bool watchesLots)
    {
        var subscription = new StreamSubscription(this, caller, userId, watchesLots);
        all[subscription] = 0;
        return subscription;
    }

    public int Count => all.Count;

    internal void Remove(StreamSubscription subscription) => all.TryRemove(subscription, out _);

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
