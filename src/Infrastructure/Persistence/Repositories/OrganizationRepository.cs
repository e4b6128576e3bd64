using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class OrganizationRepository(MakCrmDbContext db) : IOrganizationRepository
{
    public Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Organizations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public void Add(Organization organization) => db.Organizations.Add(organization);

    public async Task<IReadOnlyList<OrganizationDto>> ListAsync(OrganizationListCriteria criteria, CancellationToken cancellationToken)
    {
        var query = db.Organizations.AsNoTracking();
        if (criteria.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (criteria.Kind is { } kind)
        {
            query = query.Where(o => o.Kind == kind);
        }

        return await query.Page(o => o.CreatedAt, criteria.Sort.Descending, criteria.After, criteria.Take)
            .Select(o => new OrganizationDto(o.Id, o.Kind, o.Name, o.LegalForm, o.Inn, o.City, o.Niche, o.ContactPhone, o.ContactEmail, o.Status, o.RejectionReason, o.Grade, o.CreatedAt, o.UpdatedAt, o.Version))
            .ToListAsync(cancellationToken);
    }
}
