using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IOrganizationRepository
{
    Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken);

    void Add(Organization organization);

    Task<IReadOnlyList<OrganizationDto>> ListAsync(OrganizationListCriteria criteria, CancellationToken cancellationToken);
}
