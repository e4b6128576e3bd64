using MakCrm.Application.Teams;
using MakCrm.Domain.Teams;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>An organization's teams; implemented in Infrastructure, registered by scanning.</summary>
public interface ITeamRepository
{
    Task<IReadOnlyList<Contracts.Team>> ListAsync(TeamListCriteria criteria, CancellationToken cancellationToken);

    Task<Contracts.Team?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The team to change, tracked; <c>null</c> when there is none with this id in the scope.</summary>
    Task<Team?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    void Add(Team created);
}
