namespace MakCrm.Infrastructure.Events;

/// <summary>
/// What this instance has heard of events, from the database's notifications (<see cref="EventChannelListener"/>):
/// that some were raised (the sequencer's cue) and the highest sequence numbered so far (the cue of everything that
/// follows the feed on this instance — the stream, webhook fan-out). Waiting never misses a signal: a waiter compares
/// numbers, not moments.
/// </summary>
[Singleton]
public sealed class EventSignals
{
    private readonly Lock gate = new();
    private TaskCompletionSource raised = NewSignal();
    private TaskCompletionSource sequenced = NewSignal();
    private long lastSequence;

    /// <summary>The highest sequence this instance has heard of.</summary>
    public long LastSequence => Interlocked.Read(ref lastSequence);

    /// <summary>Raised with the new highest sequence when events are numbered.</summary>
    public event Action<long>? Sequenced;

    public void OnRaised()
    {
        lock (gate)
        {
            raised.TrySetResult();
            raised = NewSignal();
        }
    }

    public void OnSequenced(long sequence)
    {
        lock (gate)
        {
            if (sequence <= lastSequence)
            {
                return;
            }

            Interlocked.Exchange(ref lastSequence, sequence);
            sequenced.TrySetResult();
            sequenced = NewSignal();
        }

        Sequenced?.Invoke(sequence);
    }

    /// <summary>Completes when events are raised next, or after <paramref name="timeout"/>.</summary>
    public Task WaitForRaisedAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            signal = raised.Task;
        }

        return Task.WhenAny(signal, Task.Delay(timeout, clock, cancellationToken));
    }

    /// <summary>Completes once an event after <paramref name="after"/> is numbered, or after
    /// <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForSequenceAsync(
        long after,
        TimeSpan timeout,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        Task signal;
        lock (gate)
        {
            if (lastSequence > after)
            {
                return true;
            }

            signal = sequenced.Task;
        }

        await Task.WhenAny(signal, Task.Delay(timeout, clock, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return LastSequence > after;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
