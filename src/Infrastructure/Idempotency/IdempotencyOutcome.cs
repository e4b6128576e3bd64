namespace MakCrm.Infrastructure.Idempotency;

/// <summary>What a request with an idempotency key finds when it tries to claim the key.</summary>
public abstract record IdempotencyOutcome
{
    private IdempotencyOutcome()
    {
    }

    /// <summary>The key is this request's now: run it, then store its answer or let the key go.</summary>
    public sealed record Claimed(IdempotencyAttempt Attempt) : IdempotencyOutcome;

    /// <summary>The first request with the key was answered: this is that answer.</summary>
    public sealed record Replay(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body) : IdempotencyOutcome;

    /// <summary>The key was first sent with a different request.</summary>
    public sealed record Mismatch : IdempotencyOutcome;

    /// <summary>
    /// The first request with the key is still running (retry after <paramref name="RetryAfter"/>), or it committed
    /// its change and its answer was lost (<paramref name="AnswerLost"/>: a retry cannot be answered).
    /// </summary>
    public sealed record InUse(TimeSpan RetryAfter, bool AnswerLost) : IdempotencyOutcome;
}
