namespace MakCrm.Domain.Points;

/// <summary>What earns points: each kind is one rule of head office's rule set.</summary>
public enum PointSourceKind
{
    LeadSubmitted,
    LoanIssued,
    LessonCompleted,
    HomeworkAccepted,
    EventAttended,
    ReferralActivated,
}

/// <summary>
/// The points a source earns its user, and at most how many points of this kind a user earns on one calendar day in
/// Moscow (<see cref="DailyCap"/>; <c>null</c> for no cap).
/// </summary>
public sealed record PointRule(PointSourceKind Kind, int Points, int? DailyCap);

/// <summary>
/// Head office's point rules, one per source kind, kept and replaced as one set (one row, one version: the set's
/// ETag). Until head office first saves it, the set is <see cref="Default"/>.
/// </summary>
public sealed class PointRuleSet : AggregateRoot
{
    public const int MaxPoints = 100_000;

    /// <summary>The one rule set's id.</summary>
    public static readonly Guid SingletonId = new("0192f0c1-0000-7000-8000-0000000000f1");

    private PointRuleSet() { }

    private PointRuleSet(DateTimeOffset now)
        : base(SingletonId, now) { }

    public List<PointRule> Rules { get; private set; } = [];

    /// <summary>The rules until head office changes them: every source earns points, none is capped.</summary>
    public static PointRuleSet Default(DateTimeOffset now) =>
        new(now)
        {
            Rules =
            [
                new(PointSourceKind.LeadSubmitted, 10, null),
                new(PointSourceKind.LoanIssued, 50, null),
                new(PointSourceKind.LessonCompleted, 5, null),
                new(PointSourceKind.HomeworkAccepted, 10, null),
                new(PointSourceKind.EventAttended, 10, null),
                new(PointSourceKind.ReferralActivated, 100, null),
            ],
        };

    /// <summary>The rule of a kind; a kind missing from the set earns nothing.</summary>
    public PointRule For(PointSourceKind kind) =>
        Rules.FirstOrDefault(r => r.Kind == kind) ?? new PointRule(kind, 0, null);

    /// <summary>Replaces every rule; a replacement that changes nothing keeps the version.</summary>
    public Result<Unit> Replace(IReadOnlyList<PointRule> rules, DateTimeOffset now)
    {
        var checkedRules = Check(new EveryKindHasOneRule(rules), new PointsAreWithinBounds(rules));
        if (!checkedRules.IsSuccess)
        {
            return checkedRules;
        }

        var ordered = rules.OrderBy(r => r.Kind).ToList();
        if (ordered.SequenceEqual(Rules.OrderBy(r => r.Kind)))
        {
            return Unit.Value;
        }

        Rules = ordered;
        Touch(now);
        return Unit.Value;
    }
}

/// <summary>The set names each source kind exactly once, so that no kind is left without a rule or has two.</summary>
public sealed record EveryKindHasOneRule(IReadOnlyList<PointRule> Rules) : IBusinessRule
{
    public bool IsBroken() =>
        Rules.Count != Enum.GetValues<PointSourceKind>().Length
        || Rules.Select(r => r.Kind).Distinct().Count() != Rules.Count;

    public Error Error =>
        Error.Validation(
            "rules",
            "Give one rule for each source kind: "
                + string.Join(", ", Enum.GetValues<PointSourceKind>().Select(k => SnakeCaseNames.Of(k)))
                + "."
        );
}

/// <summary>Points and caps are whole numbers from 0 up to <see cref="PointRuleSet.MaxPoints"/>: points are never taken
/// by a rule.</summary>
public sealed record PointsAreWithinBounds(IReadOnlyList<PointRule> Rules) : IBusinessRule
{
    public bool IsBroken() =>
        Rules.Any(r => r.Points is < 0 or > PointRuleSet.MaxPoints || r.DailyCap is < 0 or > PointRuleSet.MaxPoints);

    public Error Error => Error.Validation("rules", $"Points and daily caps are from 0 to {PointRuleSet.MaxPoints}.");
}
