using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Consents;
using MakCrm.Domain.Consents;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class ConsentRepository(MakCrmDbContext db) : IConsentRepository
{
    public async Task<IReadOnlyList<Contracts.Consent>> ListAsync(
        ConsentListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = Filter(db.Set<Consent>().AsNoTracking().InScope(criteria.Scope), criteria.Filter);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            ConsentSortField.GivenAt => query.Page(c => c.GivenAt, sort.Descending, after, take),
            ConsentSortField.CreatedAt => query.Page(c => c.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        var rows = await query.ToListAsync(cancellationToken);
        return [.. rows.Select(row => ConsentAnswers.Of(row, criteria.Filter.Now))];
    }

    public Task<Consent?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Consent>().AsNoTracking().InScope(scope).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<Consent?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Consent>().InScope(scope).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<Consent?> FindLiveAsync(
        Guid clientId,
        ConsentPurpose purpose,
        DateTimeOffset now,
        CancellationToken cancellationToken
    ) =>
        Filter(
                db.Set<Consent>().AsNoTracking().Where(c => c.ClientId == clientId),
                new ConsentFilter(clientId, purpose, ConsentStatus.Active, now)
            )
            .OrderBy(c => c.ExpiresAt == null ? 0 : 1)
            .ThenByDescending(c => c.ExpiresAt)
            .ThenByDescending(c => c.GivenAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Consent>> FindAllLiveAsync(
        Guid clientId,
        ConsentPurpose purpose,
        DateTimeOffset now,
        CancellationToken cancellationToken
    ) =>
        await Filter(
                db.Set<Consent>().Where(c => c.ClientId == clientId),
                new ConsentFilter(clientId, purpose, ConsentStatus.Active, now)
            )
            .ToListAsync(cancellationToken);

    public void Add(Consent consent) => db.Set<Consent>().Add(consent);

    private static IQueryable<Consent> Filter(IQueryable<Consent> query, ConsentFilter filter)
    {
        if (filter.ClientId is { } clientId)
        {
            query = query.Where(c => c.ClientId == clientId);
        }

        if (filter.Purpose is { } purpose)
        {
            query = query.Where(c => c.Purpose == purpose);
        }

        var now = filter.Now;
        return filter.Status switch
        {
            ConsentStatus.Withdrawn => query.Where(c => c.WithdrawnAt != null),
            ConsentStatus.Expired => query.Where(c => c.WithdrawnAt == null && c.ExpiresAt <= now),
            ConsentStatus.Active => query.Where(c =>
                c.WithdrawnAt == null && (c.ExpiresAt == null || c.ExpiresAt > now)
            ),
            _ => query,
        };
    }
}
