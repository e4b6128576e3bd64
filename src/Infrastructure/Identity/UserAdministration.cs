using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Users;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Configurations;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.AspNetCore.Identity;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// User accounts on Identity's tables. Reads are projections; changes are made to tracked rows (the unit of work saves
/// them) with a security audit event naming the user and the values before and after. A deactivation reaches every
/// instance through the <c>users</c> trigger (<see cref="Security.UserStandingChanges"/>) when it commits; so does a
/// rename, because the standings remember the display name too.
/// </summary>
internal sealed class UserAdministration(MakCrmDbContext db, AuditTrail audit, UserNameDirectory names)
    : IUserAdministration
{
    public async Task<Contracts.User?> FindAsync(Guid userId, DataScope scope, CancellationToken cancellationToken) =>
        await Project(db.Users.AsNoTracking().InScope(scope).Where(u => u.Id == userId))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task LockAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", cancellationToken);

    public async Task<IReadOnlyList<Contracts.User>> ListAsync(
        UserListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = Matching(criteria);
        var paged = criteria.Sort.Field switch
        {
            UserSortField.FullName => query.Page(
                u => u.FullName,
                u => u.Id,
                criteria.Sort.Descending,
                criteria.After,
                criteria.Take
            ),
            _ => query.Page(u => u.CreatedAt, u => u.Id, criteria.Sort.Descending, criteria.After, criteria.Take),
        };
        return await Project(paged).ToListAsync(cancellationToken);
    }

    public Task<Contracts.ListTotal> TotalAsync(UserListCriteria criteria, CancellationToken cancellationToken) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<MakUser> Matching(UserListCriteria criteria)
    {
        var query = db.Users.AsNoTracking().InScope(criteria.Scope).OfOrganization(criteria.OrganizationId);

        if (criteria.Status is { } status)
        {
            var disabled = status == Contracts.UserStatus.Deactivated;
            query = query.Where(u => u.IsDisabled == disabled);
        }

        if (criteria.Role is { } role)
        {
            query = query.Where(u =>
                db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role))
            );
        }

        if (criteria.Search is { } search)
        {
            var pattern = "%" + TextSearch.EscapeLike(search) + "%";
            query = query.Where(u =>
                EF.Functions.ILike(u.FullName, pattern, TextSearch.Escape)
                || EF.Functions.ILike(u.Email!, pattern, TextSearch.Escape)
            );
        }

        return query;
    }

    public async Task<DateTimeOffset?> LastTwoFactorSignInAsync(Guid userId, CancellationToken cancellationToken) =>
        await db
            .Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => u.LastTwoFactorSignInAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Guid?> OwnedOrganizationAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Organization>()
            .AsNoTracking()
            .Where(o => o.OwnerUserId == userId)
            .Select(o => (Guid?)o.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Contracts.User?> UpdateProfileAsync(
        Guid userId,
        string fullName,
        string? phone,
        CancellationToken cancellationToken
    )
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        if (user.FullName != fullName || user.PhoneNumber != phone)
        {
            audit.Add(
                audit.Security(
                    "user.profile_changed",
                    null,
                    new
                    {
                        user = userId,
                        before = new { full_name = user.FullName, phone = user.PhoneNumber },
                        after = new { full_name = fullName, phone },
                    }
                )
            );
            user.FullName = fullName;
            user.PhoneNumber = phone;
            names.Forget(userId);
        }

        return await AfterAsync(user, cancellationToken);
    }

    public async Task<Contracts.User> ChangeRoleAsync(Guid userId, string role, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        var current = await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(cancellationToken);
        var before = await db
            .Roles.Where(r => current.Select(c => c.RoleId).Contains(r.Id))
            .Select(r => r.Name)
            .ToListAsync(cancellationToken);
        db.UserRoles.RemoveRange(current);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = AccessConfiguration.RoleIds[role] });
        audit.Add(
            audit.Security(
                "user.role_changed",
                null,
                new
                {
                    user = userId,
                    organization = user.OrganizationId,
                    before = before.FirstOrDefault(),
                    after = role,
                }
            )
        );
        return await AfterAsync(user, cancellationToken, role);
    }

    public async Task<Contracts.User> SetStatusAsync(
        Guid userId,
        Contracts.UserStatus status,
        CancellationToken cancellationToken
    )
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        var before = user.IsDisabled ? Contracts.UserStatus.Deactivated : Contracts.UserStatus.Active;
        user.IsDisabled = status == Contracts.UserStatus.Deactivated;
        audit.Add(
            audit.Security(
                status == Contracts.UserStatus.Deactivated ? "user.deactivated" : "user.reactivated",
                null,
                new
                {
                    user = userId,
                    organization = user.OrganizationId,
                    before = Spell(before),
                    after = Spell(status),
                }
            )
        );
        return await AfterAsync(user, cancellationToken);
    }

    public async Task<Contracts.User> SetVisibilityAsync(
        Guid userId,
        UserVisibility visibility,
        CancellationToken cancellationToken
    )
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        var before = user.Visibility;
        user.Visibility = visibility;
        audit.Add(
            audit.Security(
                "user.visibility_changed",
                null,
                new
                {
                    user = userId,
                    organization = user.OrganizationId,
                    before = SnakeCaseNames.Of(before),
                    after = SnakeCaseNames.Of(visibility),
                }
            )
        );
        return await AfterAsync(user, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> OfOrganizationAsync(
        Guid organizationId,
        IReadOnlyCollection<Guid> userIds,
        CancellationToken cancellationToken
    )
    {
        var ids = userIds.ToArray();
        return await db
            .Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && ids.Contains(u.Id))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<Contracts.User> ResetTwoFactorAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        user.TwoFactorEnabled = false;

        // The authenticator key and the recovery codes are Identity's user tokens: without them nothing old works
        // again.
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        audit.Add(
            audit.Security(
                "user.two_factor_reset",
                null,
                new
                {
                    user = userId,
                    organization = user.OrganizationId,
                    before = true,
                    after = false,
                }
            )
        );
        return await AfterAsync(user, cancellationToken);
    }

    private static string Spell(Contracts.UserStatus status) =>
        MakCrm.Domain.Common.SnakeCaseNames<Contracts.UserStatus>.Of(status);

    // The user as it will be once the unit of work saves the tracked change.
    private async Task<Contracts.User> AfterAsync(
        MakUser user,
        CancellationToken cancellationToken,
        string? role = null
    )
    {
        role ??=
            await db
                .UserRoles.Where(ur => ur.UserId == user.Id)
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
                .FirstOrDefaultAsync(cancellationToken)
            ?? "";
        var owner = await db.Set<Organization>()
            .AnyAsync(o => o.Id == user.OrganizationId && o.OwnerUserId == user.Id, cancellationToken);
        return new Contracts.User(
            user.Id,
            user.FullName,
            user.Email ?? "",
            user.PhoneNumber,
            role,
            user.OrganizationId,
            user.IsDisabled ? Contracts.UserStatus.Deactivated : Contracts.UserStatus.Active,
            user.TwoFactorEnabled,
            owner,
            user.Visibility,
            user.CreatedAt
        );
    }

    private IQueryable<Contracts.User> Project(IQueryable<MakUser> users) =>
        users.Select(u => new Contracts.User(
            u.Id,
            u.FullName,
            u.Email ?? "",
            u.PhoneNumber,
            db.UserRoles.Where(ur => ur.UserId == u.Id)
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
                .FirstOrDefault()
                ?? "",
            u.OrganizationId,
            u.IsDisabled ? Contracts.UserStatus.Deactivated : Contracts.UserStatus.Active,
            u.TwoFactorEnabled,
            db.Set<Organization>().Any(o => o.Id == u.OrganizationId && o.OwnerUserId == u.Id),
            u.Visibility,
            u.CreatedAt
        ));
}
