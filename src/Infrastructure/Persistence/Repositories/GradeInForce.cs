using MakCrm.Application.Abstractions.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Answers the organization's current grade for any day: until grades keep a history, the grade in force is the one
/// the organization holds now.
/// </summary>
internal sealed class GradeInForce(MakCrmDbContext db) : IGradeInForce
{
    public Task<string?> GradeOnAsync(Guid organizationId, DateOnly day, CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Grade).FirstOrDefaultAsync(cancellationToken);
}
