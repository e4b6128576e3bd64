using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Invoices;
using MakCrm.Domain.Invoices;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CatalogueItemRepository(MakCrmDbContext db) : ICatalogueItemRepository
{
    public async Task<IReadOnlyList<Contracts.CatalogueItem>> ListAsync(
        CatalogueItemListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<CatalogueItem>().AsNoTracking();
        if (criteria.Filter.Archived is { } archived)
        {
            query = query.Where(e => e.Archived == archived);
        }

        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            CatalogueItemSortField.Position => query.Page(e => e.Position, sort.Descending, after, take),
            CatalogueItemSortField.Name => query.Page(e => e.Name, sort.Descending, after, take),
            CatalogueItemSortField.CreatedAt => query.Page(e => e.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(CatalogueItemAnswers.Projection).ToListAsync(cancellationToken);
    }

    public Task<Contracts.CatalogueItem?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CatalogueItem>()
            .AsNoTracking()
            .Where(e => e.Id == id)
            .Select(CatalogueItemAnswers.Projection)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<CatalogueItem?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CatalogueItem>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public async Task<IReadOnlyList<CatalogueItem>> FindManyAsync(
        IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken
    ) => await db.Set<CatalogueItem>().AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);

    public void Add(CatalogueItem created) => db.Set<CatalogueItem>().Add(created);
}
