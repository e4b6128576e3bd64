namespace MakCrm.Infrastructure.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller (table <c>idempotency_requests</c>): the request it was first sent with
/// (as a hash), whether that request is still running, and the answer it got. Mapped for the schema only;
/// <see cref="IdempotencyStore"/> reads and writes it with SQL of its own.
/// </summary>
internal sealed class IdempotencyRequest
{
    /// <summary><c>user:&lt;id&gt;</c>, <c>client:&lt;id&gt;</c> or <c>anonymous</c>: whose key it is.</summary>
    public string Scope { get; private set; } = null!;

    public string Key { get; private set; } = null!;

    /// <summary>SHA-256 of the method, path, query, media type and body of the first request.</summary>
    public byte[] RequestHash { get; private set; } = null!;

    /// <summary><c>running</c>, <c>committed</c> (its change is committed, its answer not stored yet) or <c>completed</c>.</summary>
    public string State { get; private set; } = null!;

    /// <summary>The attempt that holds the key while it runs; only that attempt stores the answer or lets the key go.</summary>
    public Guid Claim { get; private set; }

    /// <summary>Until when a running attempt holds the key; after that another may take it over (its instance died).</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int? ResponseStatus { get; private set; }

    /// <summary>The answer's replayed headers (<c>Location</c>, <c>ETag</c>, <c>Content-Type</c>) as a JSON object.</summary>
    public string? ResponseHeaders { get; private set; }

    /// <summary>The answer's body, encrypted with the key-encryption key (it may hold a secret shown once).</summary>
    public byte[]? ResponseBody { get; private set; }
}
