namespace MakCrm.Infrastructure.Streaming;

/// <summary>Settings under <c>Mak:Stream</c> (<c>GET /api/v1/stream</c>).</summary>
public sealed class StreamOptions
{
    public const string Section = "Mak:Stream";

    /// <summary>How often a stream sends a comment when it has nothing else to send, and re-checks its caller's
    /// access.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>retry:</c> hint: how long an <c>EventSource</c> waits before it reconnects.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Streams one user or API client may hold open at once, on all instances together.</summary>
    public int MaxStreamsPerCaller { get; set; } = 5;

    /// <summary>How long a stream ticket may be used.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many recent events an instance keeps in memory for its streams (older ones are read from the
    /// feed).</summary>
    public int RecentEvents { get; set; } = 10_000;
}
