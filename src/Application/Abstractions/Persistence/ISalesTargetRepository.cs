using MakCrm.Application.Targets;
using MakCrm.Domain.Targets;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The monthly sales targets.</summary>
public interface ISalesTargetRepository
{
    Task<IReadOnlyList<SalesTarget>> ListAsync(SalesTargetListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>The target in the scope, untracked; <c>null</c> when there is none with this id there.</summary>
    Task<SalesTarget?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The target in the scope to change, tracked; <c>null</c> when there is none with this id
    /// there.</summary>
    Task<SalesTarget?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>Whether the organization (or its user) has a target for the month already.</summary>
    Task<bool> TakenAsync(Guid organizationId, Guid? userId, DateOnly month, CancellationToken cancellationToken);

    void Add(SalesTarget created);
}

/// <summary>
/// What targets' months reached (their won deals) and their organizations' and users' names, on a connection of its
/// own: it serves the dashboards' computations, which may outlive the request that started them.
/// </summary>
public interface ISalesTargetFactsReader
{
    /// <summary>The facts of each target, in their order; a target need not be saved yet.</summary>
    Task<IReadOnlyList<SalesTargetFacts>> ReadAsync(
        IReadOnlyList<SalesTarget> targets,
        CancellationToken cancellationToken
    );

    /// <summary>The targets the filter takes (not deleted), oldest month first, at most <paramref name="take"/>, with
    /// their facts.</summary>
    Task<IReadOnlyList<Contracts.SalesTarget>> ListAsync(
        SalesTargetFilter filter,
        int take,
        CancellationToken cancellationToken
    );
}
