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

    public async Task<IReadOnlyList<ActiveUser>> FindHeadOfficeUsersWithAsync(string permission, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == Organization.HeadOfficeId && !u.IsDisabled)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.RolePermissions.Any(rp => rp.RoleId == ur.RoleId && rp.Permission == permission)))
            .OrderBy(u => u.Id)
            .Select(u => new ActiveUser(u.Id, u.OrganizationId))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && !u.IsDisabled)
            .OrderBy(u => u.Id)
            .Select(u => new ActiveUser(u.Id, u.OrganizationId))
            .ToListAsync(cancellationToken);
}
