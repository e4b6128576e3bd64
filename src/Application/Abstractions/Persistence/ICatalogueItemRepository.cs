using MakCrm.Application.Invoices;
using MakCrm.Domain.Invoices;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Head office's services catalogue; deleted items are in none of the reads.</summary>
public interface ICatalogueItemRepository
{
    Task<IReadOnlyList<Contracts.CatalogueItem>> ListAsync(
        CatalogueItemListCriteria criteria,
        CancellationToken cancellationToken
    );

    Task<Contracts.CatalogueItem?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The catalogue item to change, tracked; <c>null</c> when there is none with this id.</summary>
    Task<CatalogueItem?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The items with these ids that exist (archived ones included), untracked, for invoice lines.</summary>
    Task<IReadOnlyList<CatalogueItem>> FindManyAsync(
        IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken
    );

    void Add(CatalogueItem created);
}
