namespace MakCrm.Infrastructure.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller (table <c>idempotency_requests</c>): the request it was first sent with
/// (as a hash) and the answer it got. A row is written in the transaction of the request's change and commits with its
/// answer, so a committed row is always answered. Mapped for the schema only; <see cref="IdempotencyStore"/> and the
/// bid's batch read and write it with SQL of their own.
/// </summary>
internal sealed class IdempotencyRequest
{
    /// <summary><c>user:&lt;id&gt;</c>, <c>client:&lt;id&gt;</c> or <c>anonymous</c>: whose key it is.</summary>
    public string Scope { get; private set; } = null!;

    public string Key { get; private set; } = null!;

    /// <summary>SHA-256 of the method, path, query, media type and body of the first request.</summary>
    public byte[] RequestHash { get; private set; } = null!;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The answer's status, when the answer is stored as it was sent.</summary>
    public int? ResponseStatus { get; private set; }

    /// <summary>The answer's replayed headers (<c>Location</c>, <c>ETag</c>, <c>Content-Type</c>) as a JSON
    /// object.</summary>
    public string? ResponseHeaders { get; private set; }

    /// <summary>The answer's body, encrypted with the key-encryption key (it may hold a secret shown once).</summary>
    public byte[]? ResponseBody { get; private set; }

    /// <summary>
    /// What the answer is rendered again from, for an operation that stores it in its own statement batch instead of
    /// the answer as sent (the bid: the accepted bid, or the state its refusal was decided on).
    /// </summary>
    public string? ResponseReference { get; private set; }
}
