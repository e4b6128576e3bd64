using MakCrm.Domain.Leads;

namespace MakCrm.Domain.Commissions;

/// <summary>What a commission rule sets.</summary>
public enum CommissionRuleKind
{
    /// <summary>The broker's base for a bank and product: a rate of the issued amount, or the fee the bank actually
    /// paid.</summary>
    Base,

    /// <summary>The level-1 partner's share of the base for a grade (or
    /// <see cref="CommissionRule.DefaultGrade"/>).</summary>
    PartnerShare,

    /// <summary>The level-2 (recruiting) partner's share of the base (ADR 0019).</summary>
    Level2Share,

    /// <summary>How many days an accrual stays on hold for a product before it becomes available.</summary>
    HoldPeriod,
}

/// <summary>How the broker's base of a loan is known.</summary>
public enum CommissionBaseMethod
{
    /// <summary>The issued amount times the rule's rate, known at the issue.</summary>
    Rate,

    /// <summary>The fee the bank actually paid; nothing accrues until it is recorded.</summary>
    ReceivedFee,
}

/// <summary>
/// One effective-dated commission rule head office set. A rule is never edited: a new rule with the same subject (kind,
/// and bank and product, or grade, or product) from a later date supersedes it from that date on, and the loans issued
/// before that date keep the rule that was in force on their issue date. Rules are aggregates only to be audited.
/// </summary>
public sealed class CommissionRule : AggregateRoot
{
    /// <summary>The grade code of the share for partners without a grade (or whose grade has no share of its
    /// own).</summary>
    public const string DefaultGrade = "default";

    public const int MaxGradeLength = 32;
    public const int MaxHoldDays = 3650;

    private CommissionRule() { }

    private CommissionRule(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public CommissionRuleKind Kind { get; private set; }

    /// <summary>The first issue date the rule applies to.</summary>
    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>The bank of a base rule.</summary>
    public string? BankCode { get; private set; }

    /// <summary>The product of a base or hold-period rule.</summary>
    public LoanProduct? Product { get; private set; }

    /// <summary>How a base rule's base is known.</summary>
    public CommissionBaseMethod? BaseMethod { get; private set; }

    /// <summary>A base rule's rate of the issued amount, or a share (1 = 100 %); stored as numeric(7,4).</summary>
    public decimal? Rate { get; private set; }

    /// <summary>The grade code of a partner-share rule.</summary>
    public string? Grade { get; private set; }

    public int? HoldDays { get; private set; }

    public Guid? CreatedByUserId { get; private set; }

    /// <summary>What the rule is about: a later rule with the same subject supersedes it.</summary>
    public string Subject => SubjectOf(Kind, BankCode, Product, Grade);

    public static string SubjectOf(CommissionRuleKind kind, string? bankCode, LoanProduct? product, string? grade) =>
        $"{kind}:{bankCode}:{product}:{grade}";

    public static CommissionRule Create(Guid id, CommissionRuleSpec spec, Guid? userId, DateTimeOffset now) =>
        new(id, now)
        {
            Kind = spec.Kind,
            EffectiveFrom = spec.EffectiveFrom,
            BankCode = spec.Kind == CommissionRuleKind.Base ? spec.BankCode : null,
            Product = spec.Kind is CommissionRuleKind.Base or CommissionRuleKind.HoldPeriod ? spec.Product : null,
            BaseMethod = spec.Kind == CommissionRuleKind.Base ? spec.BaseMethod : null,
            Rate =
                spec.Kind == CommissionRuleKind.HoldPeriod
                || spec.BaseMethod == CommissionBaseMethod.ReceivedFee && spec.Kind == CommissionRuleKind.Base
                    ? null
                    : spec.Rate,
            Grade = spec.Kind == CommissionRuleKind.PartnerShare ? spec.Grade : null,
            HoldDays = spec.Kind == CommissionRuleKind.HoldPeriod ? spec.HoldDays : null,
            CreatedByUserId = userId,
        };
}

/// <summary>What a new rule says; which fields matter depends on the kind (the validator checks them).</summary>
public sealed record CommissionRuleSpec(
    CommissionRuleKind Kind,
    DateOnly EffectiveFrom,
    string? BankCode,
    LoanProduct? Product,
    CommissionBaseMethod? BaseMethod,
    decimal? Rate,
    string? Grade,
    int? HoldDays
);

/// <summary>
/// A rule from a date on which loans already accrued commissions would make those accruals disagree with the rules in
/// force on their issue dates: it is refused, and the accruals stay as they were (a rule change never rewrites them).
/// </summary>
public sealed class RuleDoesNotReachAccruedLoans(DateOnly effectiveFrom, DateOnly? latestAccruedIssue) : IBusinessRule
{
    public bool IsBroken() => latestAccruedIssue is { } latest && latest >= effectiveFrom;

    public Error Error =>
        new(
            ErrorCodes.CommissionRuleReachesAccruals,
            $"Commissions were accrued already on loans issued on {latestAccruedIssue:yyyy-MM-dd}; a rule may only "
                + $"take effect after the latest accrued issue date.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?>
            {
                ["latestAccruedIssueDate"] = latestAccruedIssue?.ToString("yyyy-MM-dd"),
            }
        );
}

/// <summary>Two rules of one subject from one date would leave it open which is in force: the second is a
/// conflict.</summary>
public sealed class OneRulePerSubjectAndDate(bool exists) : IBusinessRule
{
    public bool IsBroken() => exists;

    public Error Error =>
        new(
            ErrorCodes.CommissionRuleExists,
            "A rule for this subject from this date exists already; rules are never edited: add one from a later "
                + "date instead.",
            ErrorKind.Conflict
        );
}
