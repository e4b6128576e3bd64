using MakCrm.Application.CreditProgrammes;
using MakCrm.Domain.CreditProgrammes;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The credit programmes head office keeps.</summary>
public interface ICreditProgrammeRepository
{
    Task<IReadOnlyList<Contracts.CreditProgramme>> ListAsync(
        CreditProgrammeListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>The programmes to match requests against on <paramref name="on"/>: not archived and not over (no end,
    /// or an end on or after the day), untracked.</summary>
    Task<IReadOnlyList<CreditProgramme>> ListInUseAsync(DateOnly on, CancellationToken cancellationToken);

    /// <summary>The credit programme, tracked; <c>null</c> when there is none with this id.</summary>
    Task<CreditProgramme?> FindAsync(Guid id, CancellationToken cancellationToken);

    void Add(CreditProgramme created);
}
