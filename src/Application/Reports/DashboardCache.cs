using System.Collections.Concurrent;

namespace MakCrm.Application.Reports;

/// <summary>The dashboards (configuration section <c>Mak:Dashboards</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Mak:Dashboards";

    /// <summary>The longest age of the data a dashboard answers from: ≤ 60 s whatever is configured; zero computes
    /// every request.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The dashboards computed lately, per instance, by the callers who share their numbers (see the key made by
/// <see cref="GetDashboardHandler"/>). An entry serves for <see cref="DashboardOptions.MaxAge"/> from the moment its
/// computation started, so a dashboard is never older than that. Once an entry is half that age, the next caller
/// starts its successor in the background and is answered from the entry meanwhile: while computations take less
/// than half the age, callers never wait for one after the first. Callers who find no entry young enough wait for the
/// one computation in flight (single flight). A failed computation is not kept.
/// </summary>
public sealed class DashboardCache(DashboardOptions options, TimeProvider clock)
{
    public static readonly TimeSpan LongestAge = TimeSpan.FromSeconds(60);

    /// <summary>Past this many entries, the stale ones are dropped when another is added.</summary>
    private const int SweepAbove = 1_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The successors being computed in the background, by key.</summary>
    private readonly ConcurrentDictionary<string, Entry> _refreshing = new(StringComparer.Ordinal);

    public TimeSpan MaxAge => options.MaxAge < LongestAge ? options.MaxAge : LongestAge;

    /// <summary>The entry's result while it is fresh; else a new one from <paramref name="compute"/> (given the time it
    /// starts at).</summary>
    public async Task<Result<DashboardResult>> GetAsync(
        string key,
        Func<DateTimeOffset, Task<Result<DashboardResult>>> compute,
        CancellationToken cancellationToken
    )
    {
        var maxAge = MaxAge;
        if (maxAge <= TimeSpan.Zero)
        {
            return await compute(clock.UtcNowMicroseconds());
        }

        while (true)
        {
            var now = clock.UtcNowMicroseconds();
            var found = _entries.TryGetValue(key, out var entry);
            if (found && entry!.Serves(now, maxAge))
            {
                if (entry.Result.IsCompleted && now - entry.StartedAt >= maxAge / 2)
                {
                    Refresh(key, entry, new Entry(now, compute));
                }

                return await entry.Result.WaitAsync(cancellationToken);
            }

            // Too old (or failed): the successor in flight, if any, is the computation to wait for.
            var fresh =
                _refreshing.TryRemove(key, out var successor) && successor.Serves(now, maxAge)
                    ? successor
                    : new Entry(now, compute);
            if (found ? _entries.TryUpdate(key, fresh, entry!) : _entries.TryAdd(key, fresh))
            {
                if (!found && _entries.Count > SweepAbove)
                {
                    Sweep(now, maxAge);
                }

                return await fresh.Result.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Starts <paramref name="successor"/> unless one is in flight; when it succeeds it replaces
    /// <paramref name="current"/>.</summary>
    private void Refresh(string key, Entry current, Entry successor)
    {
        if (!_refreshing.TryAdd(key, successor))
        {
            return;
        }

        _ = successor.Result.ContinueWith(
            done =>
            {
                if (done.IsCompletedSuccessfully && done.Result.IsSuccess)
                {
                    _entries.TryUpdate(key, successor, current);
                }

                _refreshing.TryRemove(new KeyValuePair<string, Entry>(key, successor));
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default
        );
    }

    private void Sweep(DateTimeOffset now, TimeSpan maxAge)
    {
        foreach (var (key, entry) in _entries)
        {
            if (!entry.Serves(now, maxAge))
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry(DateTimeOffset startedAt, Func<DateTimeOffset, Task<Result<DashboardResult>>> compute)
    {
        private readonly Lazy<Task<Result<DashboardResult>>> _result = new(() => compute(startedAt));

        public Task<Result<DashboardResult>> Result => _result.Value;

        public DateTimeOffset StartedAt => startedAt;

        /// <summary>Young enough, and not known to have failed.</summary>
        public bool Serves(DateTimeOffset now, TimeSpan maxAge)
        {
            if (now - startedAt >= maxAge)
            {
                return false;
            }

            var task = Result;
            return !task.IsCompleted || (task.IsCompletedSuccessfully && task.Result.IsSuccess);
        }
    }
}
