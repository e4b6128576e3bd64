using System.Text.RegularExpressions;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Grades;

/// <summary>What a grade's threshold counts: the roubles of loans issued, or how many loans were issued.</summary>
public enum GradeBasis
{
    IssuedVolume,
    IssuedCount,
}

/// <summary>
/// A row of head office's grade table for partners or franchisees: an organization reaches the grade when its loans
/// issued over the <see cref="PeriodMonths"/> calendar months before a recompute reach <see cref="Threshold"/> (roubles
/// or loans, by <see cref="Basis"/>). Of the grades reached, the one of the highest <see cref="Rank"/> holds. What a
/// grade
/// gives (a commission share, auction eligibility) is decided where that is configured, by the grade's code.
/// </summary>
public sealed partial class Grade : AggregateRoot
{
    public const int MaxNameLength = 100;
    public const int MaxPeriodMonths = 24;
    public const decimal MaxThreshold = 1_000_000_000_000m;

    private Grade() { }

    private Grade(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public OrganizationKind OrganizationKind { get; private set; }

    /// <summary>Lower-case, as organizations and lots name it (e.g. <c>gold</c>).</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Higher is better; unique per organization kind.</summary>
    public int Rank { get; private set; }

    public GradeBasis Basis { get; private set; }

    public decimal Threshold { get; private set; }

    public int PeriodMonths { get; private set; }

    public GradeTerms Terms => new(Name, Rank, Basis, Threshold, PeriodMonths);

    public static bool IsCode(string code) => CodePattern().IsMatch(code);

    public static Grade Create(Guid id, OrganizationKind kind, string code, GradeTerms terms, DateTimeOffset now) =>
        new(id, now)
        {
            OrganizationKind = kind,
            Code = code.Trim().ToLowerInvariant(),
            Name = TextNormalizer.Collapse(terms.Name),
            Rank = terms.Rank,
            Basis = terms.Basis,
            Threshold = terms.Threshold,
            PeriodMonths = terms.PeriodMonths,
        };

    /// <summary>Replaces the name, rank and threshold; the next recompute uses them (past grades stay as they
    /// were).</summary>
    public void Change(GradeTerms terms, DateTimeOffset now)
    {
        var normalized = terms with { Name = TextNormalizer.Collapse(terms.Name) };
        if (normalized == Terms)
        {
            return;
        }

        Name = normalized.Name;
        Rank = normalized.Rank;
        Basis = normalized.Basis;
        Threshold = normalized.Threshold;
        PeriodMonths = normalized.PeriodMonths;
        Touch(now);
    }

    /// <summary>Whether issued loans over this grade's period reach its threshold.</summary>
    public bool IsReachedBy(IssuedLoans issued) =>
        Basis == GradeBasis.IssuedVolume ? issued.Volume >= Threshold : issued.Count >= Threshold;

    /// <summary>The grade of the highest rank the figures reach (each grade judged over its own period); null when none
    /// is.</summary>
    public static Grade? Highest(IEnumerable<Grade> grades, Func<int, IssuedLoans> issuedOverMonths) =>
        grades.OrderByDescending(g => g.Rank).FirstOrDefault(g => g.IsReachedBy(issuedOverMonths(g.PeriodMonths)));

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex CodePattern();
}

/// <summary>What head office sets for a grade.</summary>
public sealed record GradeTerms(string Name, int Rank, GradeBasis Basis, decimal Threshold, int PeriodMonths);

/// <summary>Loans issued to an organization's clients in a period (cancelled ones not counted): their roubles and
/// number.</summary>
public sealed record IssuedLoans(decimal Volume, int Count)
{
    public static readonly IssuedLoans None = new(0m, 0);
}
