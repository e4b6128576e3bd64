using MakCrm.Application.Leads;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

public interface ILeadRepository
{
    /// <summary>The lead to change, tracked; <c>null</c> when it does not exist or was deleted.</summary>
    Task<Lead?> FindAsync(Guid id, CancellationToken cancellationToken);

    void Add(Lead lead);

    Task<int> CountForClientAsync(Guid clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<LeadDto>> ListAsync(LeadListCriteria criteria, CancellationToken cancellationToken);

    Task<LeadDto?> GetAsync(Guid id, CancellationToken cancellationToken);
}
