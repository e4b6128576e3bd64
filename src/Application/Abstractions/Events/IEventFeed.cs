namespace MakCrm.Application.Abstractions.Events;

/// <summary>Reads committed, numbered events in their order.</summary>
public interface IEventFeed
{
    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/> that <paramref name="visibility"/>
    /// shows, in order.</summary>
    Task<IReadOnlyList<EventRecord>> ReadAsync(
        EventVisibility visibility,
        long after,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>The highest number among the events purged so far (events are kept for a time); 0 when none
    /// was.</summary>
    Task<long> PurgedThroughAsync(CancellationToken cancellationToken);
}
