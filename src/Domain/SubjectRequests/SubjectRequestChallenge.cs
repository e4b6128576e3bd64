namespace MakCrm.Domain.SubjectRequests;

/// <summary>
/// A one-time code sent to the contact on record of the person a request is about: stored as a hash, valid for
/// <see cref="Lifetime"/>, spent by the first right answer and dead after <see cref="MaxAttempts"/> wrong ones. A new
/// code replaces the request's earlier one. Kept apart from the request, so that no hash reaches the audit log.
/// </summary>
public sealed class SubjectRequestChallenge
{
    public const int MaxAttempts = 5;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private SubjectRequestChallenge() { }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    /// <summary>Where the code went (the e-mail address on record), so a changed address needs a new code.</summary>
    public string SentTo { get; private set; } = "";

    public string CodeHash { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? SpentAt { get; private set; }

    public static SubjectRequestChallenge Issue(
        Guid id,
        Guid requestId,
        string sentTo,
        string codeHash,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            RequestId = requestId,
            SentTo = sentTo,
            CodeHash = codeHash,
            ExpiresAt = now + Lifetime,
        };

    /// <summary>Counts the attempt and spends the code if it is right, unexpired, not worn out and was sent to the
    /// address on record now; one answer for every failure, so it tells a guesser nothing.</summary>
    public Result<Unit> Answer(string codeHash, string contactOnRecord, DateTimeOffset now)
    {
        Attempts++;
        var right =
            SpentAt is null
            && ExpiresAt > now
            && Attempts <= MaxAttempts
            && string.Equals(SentTo, contactOnRecord, StringComparison.OrdinalIgnoreCase)
            && string.Equals(CodeHash, codeHash, StringComparison.Ordinal);
        if (!right)
        {
            return Invalid;
        }

        SpentAt = now;
        return Unit.Value;
    }

    public static Error Invalid { get; } =
        new(
            ErrorCodes.SubjectRequestCodeInvalid,
            "The code is wrong, was used already or has expired; ask for a new one.",
            ErrorKind.Validation
        );
}
