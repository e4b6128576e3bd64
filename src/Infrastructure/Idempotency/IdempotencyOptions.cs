namespace MakCrm.Infrastructure.Idempotency;

/// <summary>Idempotency keys (configuration section <c>Mak:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Mak:Idempotency";

    /// <summary>How long a key and its answer are kept: a retry within it is answered with the first answer.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request waits for a twin with its key that is still in flight (its transaction not ended) before it
    /// is answered 409 <c>idempotency_key_in_use</c>. A twin that waits less gets the first request's answer.
    /// </summary>
    public TimeSpan TwinWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Off: this instance purges no expired keys (others on the same database still may).</summary>
    public bool PurgeEnabled { get; set; } = true;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many expired keys are deleted in one transaction.</summary>
    public int PurgeBatchSize { get; set; } = 1000;
}
