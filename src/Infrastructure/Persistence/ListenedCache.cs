using MakCrm.Application.Abstractions.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// A cache that <see cref="ListenedCacheChanges"/> tells when what it remembers changed. Every concrete cache of this
/// assembly is registered as one by convention (<see cref="DependencyInjection"/>), so the listener finds them all.
/// </summary>
public abstract class ListenedCache(string channel)
{
    /// <summary>The channel a statement trigger on the cached table notifies as a change to it commits.</summary>
    public string Channel => channel;

    /// <summary>Forgets what is remembered: a change was committed.</summary>
    public abstract void Forget();

    /// <summary>Told whether every notification is heard: only then may anything be remembered.</summary>
    public abstract void Trust(bool listening);
}

/// <summary>
/// A value read from the database, remembered by the instance while it hears every committed change to the rows it was
/// read from (a statement trigger notifies <see cref="Channel"/> as the change commits, on whichever instance, and
/// every instance then forgets), so that a request reads it without a statement and a change, including one that
/// takes access away, takes effect on every instance on the next request. A reader takes the
/// <see cref="Generation"/> before it reads and hands it back to <see cref="Remember"/>, which keeps the value only
/// if no change was heard in between. While the listener is not connected nothing is remembered, and a value is read
/// again after <see cref="RememberFor"/> even if no notification came.
/// </summary>
public abstract class ListenedCache<T>(string channel, TimeProvider clock) : ListenedCache(channel)
    where T : class
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private long _generation;
    private bool _trusted;
    private T? _value;
    private DateTimeOffset _rememberedAt;

    /// <summary>The remembered value, or null when none is (not listening, forgotten since, or too old).</summary>
    public T? Remembered
    {
        get
        {
            lock (_lock)
            {
                var fresh = clock.GetUtcNow() - _rememberedAt < RememberFor;
                return _trusted && fresh ? _value : null;
            }
        }
    }

    /// <summary>The generation a read starts at, to be handed back to <see cref="Remember"/>.</summary>
    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    /// <summary>Remembers the value read from <paramref name="generation"/> on, unless a change was heard
    /// since.</summary>
    public void Remember(T value, long generation)
    {
        lock (_lock)
        {
            if (_trusted && _generation == generation)
            {
                (_value, _rememberedAt) = (value, clock.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// The remembered value, or the value <paramref name="read"/> reads (in the caller's transaction), remembered
    /// unless a change was heard meanwhile. A scope that changes the cached rows (<see cref="ListenedCacheWrites"/>)
    /// reads them as its transaction sees them and remembers nothing: its change may never commit.
    /// </summary>
    public async Task<T> ReadThroughAsync(
        ListenedCacheWrites writes,
        Func<CancellationToken, Task<T>> read,
        CancellationToken cancellationToken
    )
    {
        var changing = writes.Changes(this);
        if (!changing && Remembered is { } remembered)
        {
            return remembered;
        }

        var generation = Generation;
        var value = await read(cancellationToken);
        if (!changing)
        {
            Remember(value, generation);
        }

        return value;
    }

    public override void Forget()
    {
        lock (_lock)
        {
            _generation++;
            _value = null;
        }
    }

    public override void Trust(bool listening)
    {
        lock (_lock)
        {
            _trusted = listening;
            _generation++;
            _value = null;
        }
    }
}

/// <summary>
/// The listened caches whose rows this scope changes: what the scope reads of them then may never commit, so it
/// neither uses nor remembers their values (<see cref="ListenedCache{T}.ReadThroughAsync"/>); once the change commits,
/// this instance forgets them at once, before the answer goes out, and the others when they hear the notification.
/// </summary>
[Scoped]
public sealed class ListenedCacheWrites(IUnitOfWork unitOfWork)
{
    private readonly HashSet<ListenedCache> _changing = [];

    /// <summary>Says that the scope changes the rows the cache remembers from.</summary>
    public void Changing(ListenedCache cache)
    {
        _changing.Add(cache);
        unitOfWork.AfterCommit(() =>
        {
            cache.Forget();
            return Task.CompletedTask;
        });
    }

    public bool Changes(ListenedCache cache) => _changing.Contains(cache);
}

/// <summary>Listens for the committed changes every <see cref="ListenedCache"/> remembers from, on one connection,
/// and makes the caches of a channel forget when it is notified.</summary>
public sealed class ListenedCacheChanges(
    NpgsqlDataSource dataSource,
    IEnumerable<ListenedCache> caches,
    TimeProvider clock,
    ILogger<ListenedCacheChanges> logger
) : DatabaseListener(dataSource, clock, logger)
{
    private readonly IReadOnlyList<ListenedCache> _caches = [.. caches];

    protected override IReadOnlyList<string> Channels { get; } = [.. caches.Select(c => c.Channel).Distinct()];

    protected override string ApplicationName => "mak-cache-listener";

    protected override void OnListening(bool listening)
    {
        foreach (var cache in _caches)
        {
            cache.Trust(listening);
        }
    }

    protected override void OnNotification(string channel, string payload)
    {
        foreach (var cache in _caches.Where(c => c.Channel == channel))
        {
            cache.Forget();
        }
    }
}
