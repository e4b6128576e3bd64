namespace MakCrm.Infrastructure.Events;

/// <summary>Settings under <c>Mak:Events</c>.</summary>
public sealed class EventOptions
{
    public const string Section = "Mak:Events";

    /// <summary>Whether this instance numbers committed events (any number of instances may; they take
    /// turns).</summary>
    public bool SequencerEnabled { get; set; } = true;

    /// <summary>How often the sequencer looks even when it heard nothing (a missed notification costs at most
    /// this).</summary>
    public TimeSpan SequencerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time from the start of one of this instance's numbering turns to the start of the next. A turn costs
    /// about the same for one event as for many (a lock, a statement, a commit, and the fan-out and deliveries it
    /// wakes),
    /// so under load the commits of this interval are numbered together; after a quiet spell a turn starts at once.
    /// It is also the most a commit waits for its number under load, which every follower of the feed (the stream,
    /// webhooks) adds to its latency.
    /// </summary>
    public TimeSpan SequencerMinimumInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Events numbered per transaction of the sequencer.</summary>
    public int SequencerBatchSize { get; set; } = 5000;

    /// <summary>How long events are kept for the feed and redelivery.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public bool PurgeEnabled { get; set; } = true;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    public int PurgeBatchSize { get; set; } = 5000;
}
