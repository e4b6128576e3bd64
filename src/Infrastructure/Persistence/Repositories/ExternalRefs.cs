using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// A transaction-scoped advisory lock per reference
/// (<c>external-ref:&lt;holder&gt;:&lt;organization&gt;:&lt;owner&gt;:&lt;value&gt;</c>),
/// then a lookup served by the unique index of the reference; the index is the last word, the lock keeps a race from
/// reaching it (and ending as a 500).
/// </summary>
internal sealed class ExternalRefs(MakCrmDbContext db) : IExternalRefs
{
    public async Task<Guid?> LockAndFindAsync(
        ExternalRefHolder holder,
        Guid organizationId,
        ExternalReference reference,
        CancellationToken cancellationToken
    )
    {
        var key = $"external-ref:{holder}:{organizationId}:{reference.Owner}:{reference.Value}";
        await AdvisoryLocks.LockAsync(db.Database, key, cancellationToken);
        return holder switch
        {
            ExternalRefHolder.Lead => await db.Set<Lead>()
                .Where(l =>
                    l.OrganizationId == organizationId
                    && l.ExternalRefOwner == reference.Owner
                    && l.ExternalRef == reference.Value
                )
                .Select(l => (Guid?)l.Id)
                .FirstOrDefaultAsync(cancellationToken),
            ExternalRefHolder.Client => await db.Set<Client>()
                .Where(c =>
                    c.OrganizationId == organizationId
                    && c.ExternalRefOwner == reference.Owner
                    && c.ExternalRef == reference.Value
                )
                .Select(c => (Guid?)c.Id)
                .FirstOrDefaultAsync(cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(holder)),
        };
    }
}
