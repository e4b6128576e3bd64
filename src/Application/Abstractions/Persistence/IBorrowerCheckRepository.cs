using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.BorrowerChecks;
using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Checks of borrowers, read within a data scope; the sanctions lists; head office's policy.</summary>
public interface IBorrowerCheckRepository
{
    Task<IReadOnlyList<BorrowerCheck>> ListAsync(
        BorrowerCheckListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>The check, untracked, when the scope includes it.</summary>
    Task<BorrowerCheck?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The latest completed check of the kind with the same request that the provider answered (clear or
    /// hit) since <paramref name="since"/>: its answer is reused.</summary>
    Task<BorrowerCheck?> FindAnswerAsync(
        BorrowerCheckKind kind,
        string requestHash,
        DateTimeOffset since,
        CancellationToken cancellationToken
    );

    /// <summary>The outcome and completion of the client's latest completed check of each kind.</summary>
    Task<
        IReadOnlyDictionary<BorrowerCheckKind, (BorrowerCheckOutcome Outcome, DateTimeOffset CompletedAt)>
    > LatestAsync(Guid clientId, CancellationToken cancellationToken);

    void Add(BorrowerCheck check);

    Task<SanctionsList?> GetListAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> ListVersionExistsAsync(string version, CancellationToken cancellationToken);

    /// <summary>Adds the list with its entries.</summary>
    void AddList(SanctionsList list, IReadOnlyList<ListedPerson> entries);

    /// <summary>The policy, tracked when <paramref name="track"/>; <c>null</c> until head office first sets
    /// it.</summary>
    Task<BorrowerCheckPolicy?> PolicyAsync(bool track, CancellationToken cancellationToken);

    void AddPolicy(BorrowerCheckPolicy policy);
}
