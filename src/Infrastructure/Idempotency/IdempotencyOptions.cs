namespace MakCrm.Infrastructure.Idempotency;

/// <summary>Idempotency keys (configuration section <c>Mak:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Mak:Idempotency";

    /// <summary>How long a key and its answer are kept: a retry within it is answered with the first answer.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a running request holds its key. A request still running after it may be taken over by a retry, so it
    /// must be longer than any request runs (an import upload of the largest file included); it is also how long a
    /// key stays "in use" after its instance died mid-request.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Off: this instance purges no expired keys (others on the same database still may).</summary>
    public bool PurgeEnabled { get; set; } = true;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many expired keys are deleted in one transaction.</summary>
    public int PurgeBatchSize { get; set; } = 1000;
}
