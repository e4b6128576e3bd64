using System.Collections.Concurrent;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// An organization's kind as audience lists name it (snake_case; empty for an unknown organization), which decides
/// what a reader of it sees of the articles, courses, events and custom fields shown to some kinds only. A kind never
/// changes once the organization exists, so the instance remembers each one it read; an unknown one is read again.
/// </summary>
[Singleton]
public sealed class OrganizationKinds
{
    private readonly ConcurrentDictionary<Guid, string> _kinds = new();

    public async Task<string> OfAsync(MakCrmDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        if (_kinds.TryGetValue(organizationId, out var known))
        {
            return known;
        }

        var kind = await db.Set<Organization>()
            .AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => (OrganizationKind?)o.Kind)
            .FirstOrDefaultAsync(cancellationToken);
        return kind is { } k ? _kinds[organizationId] = SnakeCaseNames<OrganizationKind>.Of(k) : "";
    }
}
