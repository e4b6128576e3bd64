using System.Collections.Concurrent;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// The role-to-permission matrix as it is in the database, cached for a few seconds so that every request can ask
/// it without a query, and so that an admin's change takes effect within that time for tokens already issued.
/// </summary>
[Singleton]
public sealed class PermissionMatrix(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private Snapshot? _cache;

    /// <summary>The permissions of a set of roles: the union of theirs, worked out once per set of roles and cache
    /// period.</summary>
    public async Task<IReadOnlySet<string>> ForRolesAsync(
        IReadOnlyList<string> roles,
        CancellationToken cancellationToken
    )
    {
        var matrix = await LoadAsync(cancellationToken);
        return matrix.ByRoleSet.GetOrAdd(
            string.Join('\n', roles),
            _ =>
            {
                var permissions = new HashSet<string>(StringComparer.Ordinal);
                foreach (var role in roles)
                {
                    if (matrix.ByRole.TryGetValue(role, out var granted))
                    {
                        permissions.UnionWith(granted);
                    }
                }

                return permissions;
            }
        );
    }

    /// <summary>
    /// What an API client may do: those of its scopes that the role of its organization
    /// (<see cref="Roles.OfOrganization"/>)
    /// has now — so that a client never does more than its organization's users may, even after the matrix changed. The
    /// client-only scopes (<see cref="Permissions.ClientOnly"/>) belong to no role and are kept as they are.
    /// </summary>
    public async Task<IReadOnlySet<string>> ForApiClientAsync(
        OrganizationKind organization,
        IEnumerable<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var role = await ForRolesAsync([Roles.OfOrganization(organization)], cancellationToken);
        return scopes
            .Where(s => role.Contains(s) || Permissions.ClientOnly.Contains(s))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Forgets the cache of this instance at once (others follow within the cache time).</summary>
    public void Invalidate() => _cache = null;

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        if (_cache is { } cached && clock.GetUtcNow() - cached.LoadedAt < CacheFor)
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
        var rows = await db.Set<RolePermission>()
            .AsNoTracking()
            .Join(db.Roles, p => p.RoleId, r => r.Id, (p, r) => new { Role = r.Name!, p.Permission })
            .ToListAsync(cancellationToken);
        var byRole = rows.GroupBy(r => r.Role, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlySet<string>)g.Select(r => r.Permission).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal
            );
        var snapshot = new Snapshot(byRole, clock.GetUtcNow());
        _cache = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, IReadOnlySet<string>> ByRole, DateTimeOffset LoadedAt)
    {
        public ConcurrentDictionary<string, IReadOnlySet<string>> ByRoleSet { get; } = new(StringComparer.Ordinal);
    }
}
