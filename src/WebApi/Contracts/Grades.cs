using MakCrm.Application.Common;
using MakCrm.Application.Grades;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;

public sealed record GradeDefinition(
    Guid Id, OrganizationKind OrganizationKind, string Code, string Name, int Rank, GradeBasis Basis, decimal Threshold, int PeriodMonths,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static GradeDefinition From(GradeDto g) =>
        new(g.Id, g.OrganizationKind, g.Code, g.Name, g.Rank, g.Basis, g.Threshold, g.PeriodMonths, g.CreatedAt, g.UpdatedAt, g.Version);
}

public sealed record GradeDefinitionList(IReadOnlyList<GradeDefinition> Items)
{
    public static GradeDefinitionList From(IReadOnlyList<GradeDto> grades) => new(grades.Select(GradeDefinition.From).ToList());
}

/// <summary>A new row of the grade table (schema <c>CreateGradeRequest</c>).</summary>
public sealed record CreateGradeRequest
{
    public required OrganizationKind OrganizationKind { get; init; }

    public required string Code { get; init; }

    public required string Name { get; init; }

    public required int Rank { get; init; }

    public required GradeBasis Basis { get; init; }

    public required decimal Threshold { get; init; }

    public required int PeriodMonths { get; init; }

    public CreateGradeCommand ToCommand() => new(OrganizationKind, Code, new GradeTerms(Name, Rank, Basis, Threshold, PeriodMonths));
}

/// <summary>A grade's new terms (schema <c>UpdateGradeRequest</c>); the kind and code never change.</summary>
public sealed record UpdateGradeRequest
{
    public required string Name { get; init; }

    public required int Rank { get; init; }

    public required GradeBasis Basis { get; init; }

    public required decimal Threshold { get; init; }

    public required int PeriodMonths { get; init; }

    public UpdateGradeCommand ToCommand(Guid id) => new(id, new GradeTerms(Name, Rank, Basis, Threshold, PeriodMonths));
}

public sealed record GradeHistoryEntry(
    Guid Id, Guid OrganizationId, string? Grade, DateOnly EffectiveFrom, GradeSource Source, string? Reason, Guid? SetByUserId,
    decimal? IssuedVolume, int? IssuedCount, DateOnly? PeriodStart, DateOnly? PeriodEnd, DateTimeOffset RecordedAt)
{
    public static GradeHistoryEntry From(GradeRecordDto r) =>
        new(r.Id, r.OrganizationId, r.Grade, r.EffectiveFrom, r.Source, r.Reason, r.SetByUserId, r.IssuedVolume, r.IssuedCount, r.PeriodStart, r.PeriodEnd, r.RecordedAt);
}

public sealed record GradeHistoryPage(IReadOnlyList<GradeHistoryEntry> Items, string? NextCursor)
{
    public static GradeHistoryPage From(Page<GradeRecordDto> page) => new(page.Items.Select(GradeHistoryEntry.From).ToList(), page.NextCursor);
}

public sealed record GradeProgress(
    Guid OrganizationId, string? Grade, GradeDefinition? NextGrade, DateOnly? PeriodStart, DateOnly? PeriodEnd, decimal IssuedVolume, int IssuedCount, decimal? Remaining)
{
    public static GradeProgress From(GradeProgressDto p) => new(
        p.OrganizationId, p.Grade, p.NextGrade is null ? null : GradeDefinition.From(p.NextGrade), p.PeriodStart, p.PeriodEnd, p.IssuedVolume, p.IssuedCount, p.Remaining);
}
