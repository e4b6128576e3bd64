using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.SubjectRequests;
using MakCrm.Domain.SubjectRequests;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.SubjectRequests;

internal sealed class SubjectRequestRepository(MakCrmDbContext db) : ISubjectRequestRepository
{
    public async Task<IReadOnlyList<SubjectRequest>> ListAsync(
        SubjectRequestListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<SubjectRequest>().AsNoTracking().InScope(criteria.Scope);
        var filter = criteria.Filter;
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(r => r.Kind == kind);
        }

        if (filter.ClientId is { } clientId)
        {
            query = query.Where(r => r.ClientId == clientId);
        }

        if (filter.DueBefore is { } dueBefore)
        {
            query = query.Where(r => r.DueOn <= dueBefore);
        }

        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            SubjectRequestSortField.ReceivedAt => query.Page(r => r.ReceivedAt, sort.Descending, after, take),
            SubjectRequestSortField.DueOn => query.Page(r => r.DueOn, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.ToListAsync(cancellationToken);
    }

    public Task<SubjectRequest?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<SubjectRequest>().InScope(scope).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public void Add(SubjectRequest request) => db.Set<SubjectRequest>().Add(request);

    public void AddChallenge(SubjectRequestChallenge challenge) => db.Set<SubjectRequestChallenge>().Add(challenge);

    public Task<SubjectRequestChallenge?> LatestChallengeAsync(Guid requestId, CancellationToken cancellationToken) =>
        db.Set<SubjectRequestChallenge>()
            .Where(c => c.RequestId == requestId)
            .OrderByDescending(c => c.ExpiresAt)
            .FirstOrDefaultAsync(cancellationToken);
}
