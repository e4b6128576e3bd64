using MakCrm.Application.Common;
using MakCrm.Application.Grades;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;

public sealed partial record GradeDefinition
{
    public static GradeDefinition From(GradeDto g) =>
        new(g.Id, g.OrganizationKind, g.Code, g.Name, g.Rank, g.Basis, g.Threshold, g.PeriodMonths, g.CreatedAt, g.UpdatedAt, g.Version);
}

public sealed partial record GradeDefinitionList
{
    public static GradeDefinitionList From(IReadOnlyList<GradeDto> grades) => new(grades.Select(GradeDefinition.From).ToList());
}

/// <summary>A new row of the grade table (schema <c>CreateGradeRequest</c>).</summary>
public sealed partial record CreateGradeRequest
{
    public CreateGradeCommand ToCommand() => new(OrganizationKind, Code, new GradeTerms(Name, Rank, Basis, Threshold, PeriodMonths));
}

/// <summary>A grade's new terms (schema <c>UpdateGradeRequest</c>); the kind and code never change.</summary>
public sealed partial record UpdateGradeRequest
{
    public UpdateGradeCommand ToCommand(Guid id) => new(id, new GradeTerms(Name, Rank, Basis, Threshold, PeriodMonths));
}

public sealed partial record GradeHistoryEntry
{
    public static GradeHistoryEntry From(GradeRecordDto r) =>
        new(r.Id, r.OrganizationId, r.Grade, r.EffectiveFrom, r.Source, r.Reason, r.SetByUserId, r.IssuedVolume, r.IssuedCount, r.PeriodStart, r.PeriodEnd, r.RecordedAt);
}

public sealed partial record GradeHistoryPage
{
    public static GradeHistoryPage From(Page<GradeRecordDto> page) => new(page.Items.Select(GradeHistoryEntry.From).ToList(), page.NextCursor);
}

public sealed partial record GradeProgress
{
    public static GradeProgress From(GradeProgressDto p) => new(
        p.OrganizationId, p.Grade, p.NextGrade is null ? null : GradeDefinition.From(p.NextGrade), p.PeriodStart, p.PeriodEnd, p.IssuedVolume, p.IssuedCount, p.Remaining);
}
