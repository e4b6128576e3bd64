namespace MakCrm.Infrastructure.Idempotency;

/// <summary>What a request finds when its idempotency key is not its to claim.</summary>
public abstract record IdempotencyOutcome
{
    private IdempotencyOutcome() { }

    /// <summary>The first request with the key was answered: this is that answer.</summary>
    public sealed record Replay(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
        : IdempotencyOutcome;

    /// <summary>
    /// The first request with the key was answered by an operation that stores its answer's reference in its own
    /// statement batch (the bid), which only that operation renders again.
    /// </summary>
    public sealed record AnsweredByReference : IdempotencyOutcome;

    /// <summary>The key was first sent with a different request.</summary>
    public sealed record Mismatch : IdempotencyOutcome;

    /// <summary>The request that holds the key did not finish within the wait: retry after
    /// <paramref name="RetryAfter"/>.</summary>
    public sealed record InUse(TimeSpan RetryAfter) : IdempotencyOutcome;
}
