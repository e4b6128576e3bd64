using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Identity;

internal sealed class UserDirectory(MakCrmDbContext db) : IUserDirectory
{
    // The two lookups behind notifications (a duplicate lead's manager, or head office), compiled once: they run inside
    // lead submissions.
    private static readonly Func<MakCrmDbContext, Guid, CancellationToken, Task<ActiveUser?>> ActiveUser =
        EF.CompileAsyncQuery((MakCrmDbContext db, Guid userId, CancellationToken _) =>
            db.Users.AsNoTracking()
                .Where(u => u.Id == userId && !u.IsDisabled)
                .Where(u => db.Organizations.Any(o => o.Id == u.OrganizationId && o.Status == OrganizationStatus.Active))
                .Select(u => new ActiveUser(u.Id, u.OrganizationId))
                .FirstOrDefault());

    private static readonly Func<MakCrmDbContext, string, IAsyncEnumerable<ActiveUser>> HeadOfficeUsersWith =
        EF.CompileAsyncQuery((MakCrmDbContext db, string permission) =>
            db.Users.AsNoTracking()
                .Where(u => u.OrganizationId == Organization.HeadOfficeId && !u.IsDisabled)
                .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.RolePermissions.Any(rp => rp.RoleId == ur.RoleId && rp.Permission == permission)))
                .OrderBy(u => u.Id)
                .Select(u => new ActiveUser(u.Id, u.OrganizationId)));

    public Task<ActiveUser?> FindActiveAsync(Guid userId, CancellationToken cancellationToken) => ActiveUser(db, userId, cancellationToken);

    public async Task<IReadOnlyList<ActiveUser>> FindHeadOfficeUsersWithAsync(string permission, CancellationToken cancellationToken) =>
        await HeadOfficeUsersWith(db, permission).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && !u.IsDisabled)
            .OrderBy(u => u.Id)
            .Select(u => new ActiveUser(u.Id, u.OrganizationId))
            .ToListAsync(cancellationToken);
}
