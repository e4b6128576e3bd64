using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class OrganizationRepository(MakCrmDbContext db) : IOrganizationRepository
{
    public Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Organization>().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<Organization?> FindIncludingTrashAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Organization>().IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public void Add(Organization organization) => db.Set<Organization>().Add(organization);

    public async Task<IReadOnlyList<OrganizationDto>> ListAsync(
        OrganizationListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var rows = await Matching(criteria)
            .Page(o => o.CreatedAt, criteria.Sort.Descending, criteria.After, criteria.Take)
            .ToListAsync(cancellationToken);
        return rows.Select(OrganizationDto.From).ToList();
    }

    public Task<Contracts.ListTotal> TotalAsync(
        OrganizationListCriteria criteria,
        CancellationToken cancellationToken
    ) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<Organization> Matching(OrganizationListCriteria criteria)
    {
        var query = criteria.InTrash
            ? db.Set<Organization>().AsNoTracking().IgnoreQueryFilters().Where(o => o.DeletedAt != null)
            : db.Set<Organization>().AsNoTracking();
        if (criteria.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (criteria.Kind is { } kind)
        {
            query = query.Where(o => o.Kind == kind);
        }

        if (criteria.Search is { } search)
        {
            var pattern = TextSearch.From(search).Pattern;
            query = query.Where(o =>
                EF.Functions.ILike(o.Name, pattern, TextSearch.Escape)
                || (o.LegalName != null && EF.Functions.ILike(o.LegalName, pattern, TextSearch.Escape))
            );
        }

        if (criteria.Inn is { } inn)
        {
            query = query.Where(o => o.Inn == inn);
        }

        if (criteria.City is { } city)
        {
            var pattern = TextSearch.EscapeLike(city);
            query = query.Where(o => o.City != null && EF.Functions.ILike(o.City, pattern, TextSearch.Escape));
        }

        return query;
    }

    public async Task<HostClaim> ClaimHostAsync(
        Guid organizationId,
        string host,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        // ON CONFLICT waits for a concurrent claim of the same host to commit or roll back, then inserts nothing: the
        // holder is read after it, so that the answer names whoever won.
        var inserted = await db
            .Database.SqlQuery<Guid>(
                $"""
                INSERT INTO organization_hosts (host, organization_id, created_at)
                VALUES ({host}, {organizationId}, {now})
                ON CONFLICT (host) DO NOTHING RETURNING organization_id AS "Value"
                """
            )
            .ToListAsync(cancellationToken);
        if (inserted.Count == 1)
        {
            return new HostClaim(organizationId, now, Created: true);
        }

        var holder = await db.Set<OrganizationHost>()
            .AsNoTracking()
            .Where(h => h.Host == host)
            .Select(h => new { h.OrganizationId, h.CreatedAt })
            .FirstAsync(cancellationToken);
        return new HostClaim(holder.OrganizationId, holder.CreatedAt, Created: false);
    }

    public async Task<bool> ReleaseHostAsync(Guid organizationId, string host, CancellationToken cancellationToken) =>
        await db.Set<OrganizationHost>()
            .Where(h => h.Host == host && h.OrganizationId == organizationId)
            .ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task<IReadOnlyList<Contracts.OrganizationHost>> ListHostsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    ) =>
        await db.Set<OrganizationHost>()
            .AsNoTracking()
            .Where(h => h.OrganizationId == organizationId)
            .OrderBy(h => h.Host)
            .Select(h => new Contracts.OrganizationHost(h.Host, h.OrganizationId, h.CreatedAt))
            .ToListAsync(cancellationToken);

    public Task<Contracts.Branding?> FindBrandingAsync(string host, CancellationToken cancellationToken) =>
        (
            from h in db.Set<OrganizationHost>().AsNoTracking()
            join o in db.Set<Organization>().AsNoTracking() on h.OrganizationId equals o.Id
            where h.Host == host && o.Status == OrganizationStatus.Active
            select new Contracts.Branding(o.Id, o.Name, o.LogoUrl)
        ).FirstOrDefaultAsync(cancellationToken);
}
