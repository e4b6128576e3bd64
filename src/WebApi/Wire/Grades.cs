using MakCrm.Application.Grades;
using MakCrm.Contracts;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class GradesMappings
{
    extension(GradeDefinition)
    {
        public static GradeDefinition From(GradeDto g) =>
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

    /// <summary>A new row of the grade table (schema <c>CreateGradeRequest</c>).</summary>
    extension(CreateGradeRequest request)
    {
        public CreateGradeCommand ToCommand() =>
            new(
                request.OrganizationKind,
                request.Code,
                new GradeTerms(request.Name, request.Rank, request.Basis, request.Threshold, request.PeriodMonths)
            );
    }

    /// <summary>A grade's new terms (schema <c>UpdateGradeRequest</c>); the kind and code never change.</summary>
    extension(UpdateGradeRequest request)
    {
        public UpdateGradeCommand ToCommand(Guid id, VersionCheck ifMatch) =>
            new(
                id,
                ifMatch,
                new GradeTerms(request.Name, request.Rank, request.Basis, request.Threshold, request.PeriodMonths)
            );
    }

    extension(GradeHistoryEntry)
    {
        public static GradeHistoryEntry From(GradeRecordDto r) =>
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
                r.RecordedAt
            );
    }

    extension(GradeProgress)
    {
        public static GradeProgress From(GradeProgressDto p) =>
            new(
                p.OrganizationId,
                p.Grade,
                p.NextGrade is null ? null : GradeDefinition.From(p.NextGrade),
                p.PeriodStart,
                p.PeriodEnd,
                p.IssuedVolume,
                p.IssuedCount,
                p.Remaining
            );
    }
}
