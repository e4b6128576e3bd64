using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.PersonalData;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class PersonalDataIncidentRepository(MakCrmDbContext db) : IPersonalDataIncidentRepository
{
    public async Task<IReadOnlyList<PersonalDataIncident>> ListAsync(
        PersonalDataIncidentListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<PersonalDataIncident>().AsNoTracking();
        if (criteria.Filter.Open is { } open)
        {
            query = open ? query.Where(e => e.FollowUpSentAt == null) : query.Where(e => e.FollowUpSentAt != null);
        }

        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            PersonalDataIncidentSortField.DetectedAt => query.Page(e => e.DetectedAt, sort.Descending, after, take),
            PersonalDataIncidentSortField.CreatedAt => query.Page(e => e.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.ToListAsync(cancellationToken);
    }

    public Task<PersonalDataIncident?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<PersonalDataIncident>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public Task<PersonalDataIncident?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<PersonalDataIncident>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public void Add(PersonalDataIncident created) => db.Set<PersonalDataIncident>().Add(created);
}
