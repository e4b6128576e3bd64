namespace MakCrm.Domain.BorrowerChecks;

/// <summary>
/// Head office's rule on the checks a lead needs before it goes to auction: one row, absent until first changed (the
/// default requires nothing, so nothing else changes until head office asks for it).
/// </summary>
public sealed class BorrowerCheckPolicy : AggregateRoot
{
    /// <summary>The one row's id.</summary>
    public static readonly Guid SingletonId = new("0193a000-0000-7000-8000-00000000c4ec");

    public const int DefaultValidDays = 30;
    public const int MaxValidDays = 365;

    private BorrowerCheckPolicy() { }

    private BorrowerCheckPolicy(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public BorrowerCheckKind[] RequiredBeforeAuction { get; private set; } = [];

    public int ValidDays { get; private set; } = DefaultValidDays;

    public static BorrowerCheckPolicy Default(DateTimeOffset now) => new(SingletonId, now);

    public void Replace(IReadOnlyList<BorrowerCheckKind> required, int validDays, DateTimeOffset now)
    {
        RequiredBeforeAuction = [.. required.Distinct().Order()];
        ValidDays = validDays;
        Touch(now);
    }

    /// <summary>The kinds lacking a clear check completed since <c>now − ValidDays</c>, given the latest completed
    /// check of each kind (its outcome and when it completed).</summary>
    public IReadOnlyList<BorrowerCheckKind> Missing(
        IReadOnlyDictionary<BorrowerCheckKind, (BorrowerCheckOutcome Outcome, DateTimeOffset CompletedAt)> latest,
        DateTimeOffset now
    ) =>
        [
            .. RequiredBeforeAuction.Where(kind =>
                !latest.TryGetValue(kind, out var check)
                || check.Outcome != BorrowerCheckOutcome.Clear
                || check.CompletedAt < now.AddDays(-ValidDays)
            ),
        ];
}

/// <summary>The rule a lead put up for auction meets: a clear check of every kind the policy requires.</summary>
public sealed class BorrowerCheckRequired(IReadOnlyList<BorrowerCheckKind> missing) : IBusinessRule
{
    public bool IsBroken() => missing.Count > 0;

    public Error Error =>
        new(
            ErrorCodes.BorrowerCheckRequired,
            "The lead's client has no recent clear check of: "
                + string.Join(", ", missing.Select(SnakeCaseNames.Of))
                + ". Run the checks, or ask head office about its policy.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["kinds"] = missing }
        );
}
