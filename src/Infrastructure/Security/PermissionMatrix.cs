using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// The role-to-permission matrix as it is in the database, cached for a few seconds so that every request can ask
/// it without a query, and so that an admin's change takes effect within that time for tokens already issued.
/// </summary>
public sealed class PermissionMatrix(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private (IReadOnlyDictionary<string, IReadOnlySet<string>> ByRole, DateTimeOffset LoadedAt)? _cache;

    public async Task<IReadOnlySet<string>> ForRolesAsync(IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var matrix = await LoadAsync(cancellationToken);
        var permissions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (matrix.TryGetValue(role, out var granted))
            {
                permissions.UnionWith(granted);
            }
        }

        return permissions;
    }

    /// <summary>Forgets the cache of this instance at once (others follow within the cache time).</summary>
    public void Invalidate() => _cache = null;

    private async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_cache is { } cached && clock.GetUtcNow() - cached.LoadedAt < CacheFor)
        {
            return cached.ByRole;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
        var rows = await db.RolePermissions.AsNoTracking()
            .Join(db.Roles, p => p.RoleId, r => r.Id, (p, r) => new { Role = r.Name!, p.Permission })
            .ToListAsync(cancellationToken);
        var byRole = rows.GroupBy(r => r.Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(r => r.Permission).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        _cache = (byRole, clock.GetUtcNow());
        return byRole;
    }
}
