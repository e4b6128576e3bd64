namespace MakCrm.Domain.BorrowerChecks;

/// <summary>
/// Head office's rule on the checks a lead needs before it goes to auction, and before its deal names a bank: one row,
/// absent until first changed (the default requires nothing, so nothing else changes until head office asks for it).
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

    public BorrowerCheckKind[] RequiredBeforeBank { get; private set; } = [];

    public int ValidDays { get; private set; } = DefaultValidDays;

    public static BorrowerCheckPolicy Default(DateTimeOffset now) => new(SingletonId, now);

    public void Replace(
        IReadOnlyList<BorrowerCheckKind> beforeAuction,
        IReadOnlyList<BorrowerCheckKind> beforeBank,
        int validDays,
        DateTimeOffset now
    )
    {
        RequiredBeforeAuction = [.. beforeAuction.Distinct().Order()];
        RequiredBeforeBank = [.. beforeBank.Distinct().Order()];
        ValidDays = validDays;
        Touch(now);
    }

    /// <summary>The kinds a lead needs before <paramref name="step"/>.</summary>
    public IReadOnlyList<BorrowerCheckKind> RequiredBefore(LeadStep step) =>
        step == LeadStep.Auction ? RequiredBeforeAuction : RequiredBeforeBank;

    /// <summary>The kinds required before <paramref name="step"/> lacking a clear check completed since
    /// <c>now − ValidDays</c>, given the latest completed check of each kind (its outcome and when it
    /// completed).</summary>
    public IReadOnlyList<BorrowerCheckKind> Missing(
        LeadStep step,
        IReadOnlyDictionary<BorrowerCheckKind, (BorrowerCheckOutcome Outcome, DateTimeOffset CompletedAt)> latest,
        DateTimeOffset now
    ) =>
        [
            .. RequiredBefore(step)
                .Where(kind =>
                    !latest.TryGetValue(kind, out var check)
                    || check.Outcome != BorrowerCheckOutcome.Clear
                    || check.CompletedAt < now.AddDays(-ValidDays)
                ),
        ];
}

/// <summary>Where a lead goes that the policy may require checks before.</summary>
public enum LeadStep
{
    /// <summary>Put up for auction (a lot is created).</summary>
    Auction,

    /// <summary>Sent to a bank (its deal names the bank).</summary>
    Bank,
}

/// <summary>The rule a lead put up for auction, or sent to a bank, meets: a clear check of every kind the policy
/// requires before that step.</summary>
public sealed class BorrowerCheckRequired(LeadStep step, IReadOnlyList<BorrowerCheckKind> missing) : IBusinessRule
{
    public bool IsBroken() => missing.Count > 0;

    public Error Error =>
        new(
            ErrorCodes.BorrowerCheckRequired,
            $"Before {(step == LeadStep.Auction ? "the auction" : "a bank")}, the client needs a recent clear check "
                + $"of: {string.Join(", ", missing.Select(SnakeCaseNames.Of))}. Run the checks, or ask head office "
                + "about its policy.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["kinds"] = missing }
        );
}
