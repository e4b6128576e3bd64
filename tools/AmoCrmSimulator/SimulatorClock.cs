namespace MakCrm.AmoCrmSimulator;

/// <summary>
/// The simulator's time: the system clock moved by <see cref="Advance"/>, or frozen by <see cref="Freeze"/> for a
/// test that needs every request to fall in the same second (the rate limit) or a token to expire.
/// </summary>
public sealed class SimulatorClock : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _offset;
    private DateTimeOffset? _frozenAt;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _frozenAt ?? base.GetUtcNow() + _offset;
        }
    }

    /// <summary>Moves the clock forward (a frozen clock stays frozen at the later time).</summary>
    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _offset += by;
            _frozenAt += by;
        }
    }

    /// <summary>Stops the clock at its current time until <see cref="Advance"/> moves it.</summary>
    public void Freeze()
    {
        lock (_lock)
        {
            _frozenAt ??= base.GetUtcNow() + _offset;
        }
    }
}
