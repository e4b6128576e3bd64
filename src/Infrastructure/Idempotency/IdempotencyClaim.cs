namespace MakCrm.Infrastructure.Idempotency;

/// <summary>A request's hold on its key: the caller's scope, the key and the attempt's own id.</summary>
public sealed record IdempotencyAttempt(string Scope, string Key, Guid Claim);

/// <summary>
/// The key the current request (a DI scope) holds, if any. The unit of work marks it committed in the transaction
/// that commits the request's change (<see cref="IdempotencyStore.MarkCommittedAsync"/>), so that a retry never
/// runs a committed change again even when the answer could not be stored.
/// </summary>
public sealed class CurrentIdempotencyClaim
{
    public IdempotencyAttempt? Attempt { get; set; }
}

/// <summary>
/// The request's hold on its key ended before its change committed: it ran past its lease and a retry took the key
/// over. The transaction is rolled back, so only the retry's change is made.
/// </summary>
public sealed class IdempotencyClaimLostException(IdempotencyAttempt attempt)
    : Exception($"The idempotency key of scope {attempt.Scope} was taken over by another request before this one committed.");
