using System.Collections.Concurrent;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// One statement for every request that queued while the previous one ran, as PostgreSQL groups commits: under load,
/// concurrent callers share one round trip, one transaction and one commit; a caller alone waits for nothing but its own
/// statement. At most one statement of a group runs at a time per instance, of at most <c>maxGroup</c> items. The
/// statement answers each item in the order given; when it fails, every caller of its group gets the failure.
/// </summary>
internal sealed class GroupedStatement<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> run, int maxGroup)
{
    private readonly ConcurrentQueue<(TItem Item, TaskCompletionSource<TResult> Answer)> _queue = new();
    private int _draining;

    public Task<TResult> RunAsync(TItem item)
    {
        var answer = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((item, answer));
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // The groups run for many callers: none of them carries the first caller's context (its activity, its scope).
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(DrainAsync);
            }
        }

        return answer.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var group = new List<(TItem Item, TaskCompletionSource<TResult> Answer)>();
            while (group.Count < maxGroup && _queue.TryDequeue(out var queued))
            {
                group.Add(queued);
            }

            if (group.Count > 0)
            {
                await RunGroupAsync(group);
                continue;
            }

            // Stop draining, unless an item queued after the last look and its caller saw the flag still set.
            Volatile.Write(ref _draining, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task RunGroupAsync(List<(TItem Item, TaskCompletionSource<TResult> Answer)> group)
    {
        try
        {
            var results = await run(group.ConvertAll(g => g.Item));
            for (var index = 0; index < group.Count; index++)
            {
                group[index].Answer.SetResult(results[index]);
            }
        }
        catch (Exception failure)
        {
            foreach (var (_, answer) in group)
            {
                answer.TrySetException(failure);
            }
        }
    }
}
