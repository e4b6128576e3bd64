using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Identity;

internal sealed class UserDirectory(MakCrmDbContext db) : IUserDirectory
{
    public Task<ActiveUser?> FindActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking()
            .Where(u => u.Id == userId && !u.IsDisabled)
            .Where(u => db.Organizations.Any(o => o.Id == u.OrganizationId && o.Status == OrganizationStatus.Active))
            .Select(u => new ActiveUser(u.Id, u.OrganizationId))
            .FirstOrDefaultAsync(cancellationToken);
}
