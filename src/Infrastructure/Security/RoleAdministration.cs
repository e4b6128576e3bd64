using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Access;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Security;

internal sealed class RoleAdministration(MakCrmDbContext db, PermissionMatrix matrix, AuditTrail audit)
    : IRoleAdministration
{
    public async Task<IReadOnlyList<Contracts.Role>> ListAsync(CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var cells = await db.Set<RolePermission>().AsNoTracking().ToListAsync(cancellationToken);
        return roles
            .Select(r => new Contracts.Role(
                r.Name!,
                r.RequiresTwoFactor,
                cells.Where(c => c.RoleId == r.Id).Select(c => c.Permission).Order(StringComparer.Ordinal).ToList()
            ))
            .ToList();
    }

    public async Task LockAllAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM roles ORDER BY id FOR UPDATE", cancellationToken);

    public async Task<Contracts.Role?> SetPermissionsAsync(
        string role,
        IReadOnlyCollection<string> permissions,
        bool? requiresTwoFactor,
        CancellationToken cancellationToken
    )
    {
        var entity = await db.Roles.FirstOrDefaultAsync(r => r.Name == role, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var current = await db.Set<RolePermission>().Where(c => c.RoleId == entity.Id).ToListAsync(cancellationToken);
        var before = current.Select(c => c.Permission).Order(StringComparer.Ordinal).ToList();
        db.Set<RolePermission>().RemoveRange(current.Where(c => !permissions.Contains(c.Permission)));
        db.Set<RolePermission>()
            .AddRange(
                permissions.Except(before).Select(p => new RolePermission { RoleId = entity.Id, Permission = p })
            );
        var after = permissions.Order(StringComparer.Ordinal).ToList();
        if (!before.SequenceEqual(after))
        {
            audit.Add(
                audit.Security(
                    "role.permissions_changed",
                    null,
                    new
                    {
                        role,
                        before,
                        after,
                    }
                )
            );
        }

        if (requiresTwoFactor is { } required && required != entity.RequiresTwoFactor)
        {
            entity.RequiresTwoFactor = required;
            audit.Add(
                audit.Security(
                    "role.two_factor_requirement_changed",
                    null,
                    new { role, requires_two_factor = required }
                )
            );
        }

        // Saved by the unit of work; until then this instance must not serve the old matrix from its cache either.
        matrix.Invalidate();
        return new Contracts.Role(role, entity.RequiresTwoFactor, after);
    }
}
