using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Identity;

internal sealed class UserDirectory(MakCrmDbContext db) : IUserDirectory
{
    // The lookups behind notifications (a duplicate lead's manager, a new lead's organization's owner, or head office),
    // compiled once: they run inside lead submissions.
    private static readonly Func<MakCrmDbContext, Guid, CancellationToken, Task<ActiveUser?>> ActiveUser =
        EF.CompileAsyncQuery(
            (MakCrmDbContext db, Guid userId, CancellationToken _) =>
                db
                    .Users.AsNoTracking()
                    .Where(u => u.Id == userId && !u.IsDisabled)
                    .Where(u =>
                        db.Set<Organization>()
                            .Any(o => o.Id == u.OrganizationId && o.Status == OrganizationStatus.Active)
                    )
                    .Select(u => new ActiveUser(u.Id, u.OrganizationId))
                    .FirstOrDefault()
        );

    private static readonly Func<MakCrmDbContext, Guid, CancellationToken, Task<ActiveUser?>> ActiveOwner =
        EF.CompileAsyncQuery(
            (MakCrmDbContext db, Guid organizationId, CancellationToken _) =>
                db.Set<Organization>()
                    .AsNoTracking()
                    .Where(o => o.Id == organizationId && o.Status == OrganizationStatus.Active)
                    .Join(db.Users, o => o.OwnerUserId, u => (Guid?)u.Id, (_, u) => u)
                    .Where(u => !u.IsDisabled)
                    .Select(u => new ActiveUser(u.Id, u.OrganizationId))
                    .FirstOrDefault()
        );

    private static readonly Func<MakCrmDbContext, string, IAsyncEnumerable<ActiveUser>> HeadOfficeUsersWith =
        EF.CompileAsyncQuery(
            (MakCrmDbContext db, string permission) =>
                db
                    .Users.AsNoTracking()
                    .Where(u => u.OrganizationId == Organization.HeadOfficeId && !u.IsDisabled)
                    .Where(u =>
                        db.UserRoles.Any(ur =>
                            ur.UserId == u.Id
                            && db.Set<RolePermission>().Any(rp => rp.RoleId == ur.RoleId && rp.Permission == permission)
                        )
                    )
                    .OrderBy(u => u.Id)
                    .Select(u => new ActiveUser(u.Id, u.OrganizationId))
        );

    public Task<ActiveUser?> FindActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        ActiveUser(db, userId, cancellationToken);

    public Task<ActiveUser?> FindActiveOwnerAsync(Guid organizationId, CancellationToken cancellationToken) =>
        ActiveOwner(db, organizationId, cancellationToken);

    public async Task<IReadOnlyList<ActiveUser>> FindHeadOfficeUsersWithAsync(
        string permission,
        CancellationToken cancellationToken
    ) => await HeadOfficeUsersWith(db, permission).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    ) =>
        await db
            .Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && !u.IsDisabled)
            .OrderBy(u => u.Id)
            .Select(u => new ActiveUser(u.Id, u.OrganizationId))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersWithAnyAsync(
        Guid organizationId,
        IReadOnlyCollection<string> permissions,
        CancellationToken cancellationToken
    )
    {
        var wanted = permissions.ToList();
        return await db
            .Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && !u.IsDisabled)
            .Where(u =>
                db.UserRoles.Any(ur =>
                    ur.UserId == u.Id
                    && db.Set<RolePermission>().Any(rp => rp.RoleId == ur.RoleId && wanted.Contains(rp.Permission))
                )
            )
            .OrderBy(u => u.Id)
            .Select(u => new ActiveUser(u.Id, u.OrganizationId))
            .ToListAsync(cancellationToken);
    }

    public Task<AssignableUser?> FindAssignableAsync(
        Guid userId,
        string readOwn,
        string readAll,
        CancellationToken cancellationToken
    ) =>
        ActiveUsers()
            .Where(u => u.Id == userId)
            .Select(u => new AssignableUser(
                u.Id,
                u.OrganizationId,
                db.UserRoles.Any(ur =>
                    ur.UserId == u.Id
                    && db.Set<RolePermission>().Any(rp => rp.RoleId == ur.RoleId && rp.Permission == readOwn)
                ),
                db.UserRoles.Any(ur =>
                    ur.UserId == u.Id
                    && db.Set<RolePermission>().Any(rp => rp.RoleId == ur.RoleId && rp.Permission == readAll)
                )
            ))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<AssigneeCandidateDto>> ListAssignableAsync(
        AssigneeCandidateCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        // AssignedRecord.MayBeGivenTo, as a condition on the row: one statement per page, whatever the page's size.
        var (readOwn, readAll, organizationId) = (
            criteria.Record.ReadOwn,
            criteria.Record.ReadAll,
            criteria.OrganizationId
        );
        var anyOrganization = !criteria.Record.FollowsAssignee;
        return await ActiveUsers()
            .Where(u =>
                (
                    u.OrganizationId == organizationId
                    && db.UserRoles.Any(ur =>
                        ur.UserId == u.Id
                        && db.Set<RolePermission>()
                            .Any(rp => rp.RoleId == ur.RoleId && (rp.Permission == readOwn || rp.Permission == readAll))
                    )
                )
                || (
                    anyOrganization
                    && db.UserRoles.Any(ur =>
                        ur.UserId == u.Id
                        && db.Set<RolePermission>().Any(rp => rp.RoleId == ur.RoleId && rp.Permission == readAll)
                    )
                )
            )
            .Select(Candidate)
            .Page(c => c.DisplayName, c => c.Id, false, criteria.After, criteria.Take)
            .Select(c => new AssigneeCandidateDto(c.Id, c.DisplayName, c.Role, c.OrganizationId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Users who are not disabled, of an active organization.</summary>
    private IQueryable<MakUser> ActiveUsers() =>
        db
            .Users.AsNoTracking()
            .Where(u => !u.IsDisabled)
            .Where(u =>
                db.Set<Organization>().Any(o => o.Id == u.OrganizationId && o.Status == OrganizationStatus.Active)
            );

    // A member-initialised row (not a constructor call), so that the keyset condition and order can name its columns.
    private Expression<Func<MakUser, CandidateRow>> Candidate =>
        u => new CandidateRow
        {
            Id = u.Id,
            DisplayName = UserDisplayNames.Of(u.FullName, u.Email),
            Role =
                db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
                    .FirstOrDefault()
                ?? "",
            OrganizationId = u.OrganizationId,
        };

    private sealed class CandidateRow
    {
        public Guid Id { get; init; }

        public string DisplayName { get; init; } = "";

        public string Role { get; init; } = "";

        public Guid OrganizationId { get; init; }
    }
}
