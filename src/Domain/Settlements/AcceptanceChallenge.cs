namespace MakCrm.Domain.Settlements;

/// <summary>
/// A one-time code sent to the partner's user who is about to accept an act: stored as a hash, valid for
/// <see cref="Lifetime"/>, spent by the first right answer, and dead after <see cref="MaxAttempts"/> wrong ones so it
/// cannot be guessed. A new request replaces the user's earlier code for the same act.
/// </summary>
public sealed class AcceptanceChallenge
{
    public const int MaxAttempts = 5;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private AcceptanceChallenge() { }

    public Guid Id { get; private set; }

    public Guid ActId { get; private set; }

    public Guid UserId { get; private set; }

    public string CodeHash { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? SpentAt { get; private set; }

    public static AcceptanceChallenge Issue(Guid id, Guid actId, Guid userId, string codeHash, DateTimeOffset now) =>
        new()
        {
            Id = id,
            ActId = actId,
            UserId = userId,
            CodeHash = codeHash,
            ExpiresAt = now + Lifetime,
        };

    /// <summary>Counts the attempt and spends the code if it is the right one, unexpired and not worn out.</summary>
    public Result<Unit> Answer(string codeHash, DateTimeOffset now)
    {
        Attempts++;
        var allowed = Check(new AcceptanceCodeMustMatch(this, codeHash, now));
        if (allowed.IsSuccess)
        {
            SpentAt = now;
        }

        return allowed;
    }

    private static Result<Unit> Check(IBusinessRule rule) => rule.IsBroken() ? rule.Error : Unit.Value;
}

/// <summary>One answer for every way a code fails (wrong, expired, spent, worn out), so the answer tells a guesser
/// nothing.</summary>
public sealed record AcceptanceCodeMustMatch(AcceptanceChallenge Challenge, string CodeHash, DateTimeOffset Now)
    : IBusinessRule
{
    public bool IsBroken() =>
        Challenge.SpentAt is not null
        || Challenge.ExpiresAt <= Now
        || Challenge.Attempts > AcceptanceChallenge.MaxAttempts
        || !string.Equals(Challenge.CodeHash, CodeHash, StringComparison.Ordinal);

    public Error Error =>
        new(
            ErrorCodes.SettlementAcceptanceCodeInvalid,
            "The code is wrong, was used already or has expired; ask for a new one.",
            ErrorKind.Validation
        );
}
