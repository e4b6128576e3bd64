using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Grades;

/// <summary>Where a grade in the history came from.</summary>
public enum GradeSource
{
    /// <summary>The monthly recompute, effective from the first day of the month.</summary>
    Computed,

    /// <summary>Head office's override, effective from the day it was set until the next monthly recompute.</summary>
    Override,
}

/// <summary>
/// One line of an organization's grade history: the grade in force from <see cref="EffectiveFrom"/> until the next
/// line's day. Lines are only added, never changed, and a line never takes effect before the day it is recorded (the
/// recompute's first of the month is the day it runs for): a later grade never rewrites what was in force before.
/// </summary>
public sealed class GradeRecord : AggregateRoot, IOrganizationOwned
{
    public const int MaxReasonLength = 1000;

    private GradeRecord() { }

    private GradeRecord(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    /// <summary>The grade's code; null: no grade.</summary>
    public string? Grade { get; private set; }

    /// <summary>The organization's grade just before this line, so that a day before the first line is answered
    /// too.</summary>
    public string? PreviousGrade { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public GradeSource Source { get; private set; }

    /// <summary>Why head office overrode the grade; null for a computed one.</summary>
    public string? Reason { get; private set; }

    /// <summary>Who overrode it; null for a computed one.</summary>
    public Guid? SetByUserId { get; private set; }

    /// <summary>For a computed grade: the roubles and number of loans issued over the period it was judged
    /// on.</summary>
    public decimal? IssuedVolume { get; private set; }

    public int? IssuedCount { get; private set; }

    public DateOnly? PeriodStart { get; private set; }

    /// <summary>Exclusive: the first day after the period, the month a computed grade is for.</summary>
    public DateOnly? PeriodEnd { get; private set; }

    /// <summary>
    /// The recompute's line for a month: the grade the figures of the period before it reached, in force from the
    /// month's first day, or from <paramref name="today"/> when the recompute runs late, so that it never changes a
    /// day that has passed.
    /// </summary>
    public static GradeRecord Computed(
        Guid id,
        Guid organizationId,
        DateOnly month,
        DateOnly today,
        string? grade,
        string? previousGrade,
        IssuedLoans issued,
        DateOnly periodStart,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            Grade = grade,
            PreviousGrade = previousGrade,
            EffectiveFrom = today > month ? today : month,
            Source = GradeSource.Computed,
            IssuedVolume = issued.Volume,
            IssuedCount = issued.Count,
            PeriodStart = periodStart,
            PeriodEnd = month,
        };

    /// <summary>Head office's override, in force from <paramref name="day"/> (today) until the next
    /// recompute.</summary>
    public static GradeRecord Override(
        Guid id,
        Guid organizationId,
        DateOnly day,
        string? grade,
        string? previousGrade,
        string? reason,
        Guid? userId,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            Grade = grade,
            PreviousGrade = previousGrade,
            EffectiveFrom = day,
            Source = GradeSource.Override,
            Reason = TextNormalizer.CollapseOrNull(reason),
            SetByUserId = userId,
        };
}
