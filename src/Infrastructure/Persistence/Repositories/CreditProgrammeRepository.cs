using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.CreditProgrammes;
using MakCrm.Domain.CreditProgrammes;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CreditProgrammeRepository(MakCrmDbContext db) : ICreditProgrammeRepository
{
    public async Task<IReadOnlyList<Contracts.CreditProgramme>> ListAsync(
        CreditProgrammeListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<CreditProgramme>().AsNoTracking();
        var filter = criteria.Filter;
        if (filter.BankCode is { } bankCode)
        {
            query = query.Where(p => p.BankCode == bankCode);
        }

        if (filter.Product is { } product)
        {
            query = query.Where(p => p.Product == product);
        }

        if (filter.EffectiveOn is { } on)
        {
            query = query.Where(p => p.EffectiveFrom <= on && (p.EffectiveTo == null || p.EffectiveTo >= on));
        }

        if (filter.Archived is { } archived)
        {
            query = query.Where(p => p.Archived == archived);
        }

        query = query.WhereTextMatches(filter.Q, p => p.Name);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            CreditProgrammeSortField.Name => query.Page(p => p.Name, sort.Descending, after, take),
            CreditProgrammeSortField.RateMin => query.Page(p => p.RateMin, sort.Descending, after, take),
            CreditProgrammeSortField.CreatedAt => query.Page(p => p.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(CreditProgrammeAnswers.Projection).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CreditProgramme>> ListInUseAsync(
        DateOnly on,
        CancellationToken cancellationToken
    ) =>
        await db
            .Set<CreditProgramme>()
            .AsNoTracking()
            .Where(p => !p.Archived && (p.EffectiveTo == null || p.EffectiveTo >= on))
            .ToListAsync(cancellationToken);

    public Task<CreditProgramme?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CreditProgramme>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public void Add(CreditProgramme created) => db.Set<CreditProgramme>().Add(created);
}
