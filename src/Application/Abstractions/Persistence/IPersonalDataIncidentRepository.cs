using MakCrm.Application.PersonalData;
using MakCrm.Domain.PersonalData;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Head office's register of personal-data incidents.</summary>
public interface IPersonalDataIncidentRepository
{
    Task<IReadOnlyList<PersonalDataIncident>> ListAsync(
        PersonalDataIncidentListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>The incident, untracked; <c>null</c> when there is none with this id.</summary>
    Task<PersonalDataIncident?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The incident to change, tracked; <c>null</c> when there is none with this id.</summary>
    Task<PersonalDataIncident?> FindAsync(Guid id, CancellationToken cancellationToken);

    void Add(PersonalDataIncident created);
}
