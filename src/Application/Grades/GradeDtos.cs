using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Grades;

public sealed record GradeDto(
    Guid Id,
    OrganizationKind OrganizationKind,
    string Code,
    string Name,
    int Rank,
    GradeBasis Basis,
    decimal Threshold,
    int PeriodMonths,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static GradeDto From(Grade g) =>
        new(
            g.Id,
            g.OrganizationKind,
            g.Code,
            g.Name,
            g.Rank,
            g.Basis,
            g.Threshold,
            g.PeriodMonths,
            g.CreatedAt,
            g.UpdatedAt,
            g.Version
        );
}

public sealed record GradeRecordDto(
    Guid Id,
    Guid OrganizationId,
    string? Grade,
    DateOnly EffectiveFrom,
    GradeSource Source,
    string? Reason,
    Guid? SetByUserId,
    decimal? IssuedVolume,
    int? IssuedCount,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    DateTimeOffset RecordedAt
)
{
    public static GradeRecordDto From(GradeRecord r) =>
        new(
            r.Id,
            r.OrganizationId,
            r.Grade,
            r.EffectiveFrom,
            r.Source,
            r.Reason,
            r.SetByUserId,
            r.IssuedVolume,
            r.IssuedCount,
            r.PeriodStart,
            r.PeriodEnd,
            r.CreatedAt
        );
}

/// <summary>
/// How far an organization is from its next grade: the grade in force today, the next grade of its kind (the lowest
/// ranked above it), and the loans issued so far in the period the next recompute will judge (the next grade's period,
/// ending with the current month).
/// </summary>
public sealed record GradeProgressDto(
    Guid OrganizationId,
    string? Grade,
    GradeDto? NextGrade,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    decimal IssuedVolume,
    int IssuedCount,
    decimal? Remaining
);

public enum GradeRecordSortField
{
    RecordedAt,
}

public static class GradeRecordSorts
{
    public static SortCatalog<GradeRecordSortField, GradeRecordDto> Catalog { get; } =
        new(
            "grade-history",
            "-recordedAt",
            ("recordedAt", GradeRecordSortField.RecordedAt, typeof(DateTimeOffset), r => r.RecordedAt)
        );
}

/// <summary>The monthly recompute: on or off on an instance, and how often it looks for organizations still to
/// recompute.</summary>
public sealed class GradeOptions
{
    public const string Section = "Mak:Grades";

    public bool RecomputeEnabled { get; set; } = true;

    public TimeSpan RecomputePollInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Calendar helpers of grades: months start on the first, and periods are whole months before one.</summary>
public static class GradeCalendar
{
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
