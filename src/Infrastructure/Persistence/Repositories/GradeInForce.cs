using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The grade in force on a day, from the grade history: the newest line effective on or before the day (of two lines
/// of one day, the later recorded). A day before the first line is answered with the grade that line replaced, and an
/// organization without history with its current grade (a grade set before the history was kept has no line).
/// </summary>
internal sealed class GradeInForce(MakCrmDbContext db) : IGradeInForce
{
    public async Task<string?> GradeOnAsync(Guid organizationId, DateOnly day, CancellationToken cancellationToken)
    {
        var history = db.Set<GradeRecord>().AsNoTracking().Where(r => r.OrganizationId == organizationId);
        var line = await history
            .Where(r => r.EffectiveFrom <= day)
            .OrderByDescending(r => r.EffectiveFrom)
            .ThenByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .Select(r => new { r.Grade })
            .FirstOrDefaultAsync(cancellationToken);
        if (line is not null)
        {
            return line.Grade;
        }

        var first = await history
            .OrderBy(r => r.EffectiveFrom)
            .ThenBy(r => r.CreatedAt)
            .ThenBy(r => r.Id)
            .Select(r => new { r.PreviousGrade })
            .FirstOrDefaultAsync(cancellationToken);
        return first is not null
            ? first.PreviousGrade
            : await db.Set<Organization>()
                .AsNoTracking()
                .Where(o => o.Id == organizationId)
                .Select(o => o.Grade)
                .FirstOrDefaultAsync(cancellationToken);
    }
}
