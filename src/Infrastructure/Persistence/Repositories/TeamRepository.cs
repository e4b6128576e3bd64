using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Teams;
using MakCrm.Domain.Teams;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class TeamRepository(MakCrmDbContext db) : ITeamRepository
{
    public async Task<IReadOnlyList<Contracts.Team>> ListAsync(
        TeamListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<Team>().AsNoTracking().InScope(criteria.Scope);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            TeamSortField.Name => query.Page(e => e.Name, sort.Descending, after, take),
            TeamSortField.CreatedAt => query.Page(e => e.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(TeamAnswers.Projection).ToListAsync(cancellationToken);
    }

    public async Task<Contracts.Team?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        await db.Set<Team>()
            .AsNoTracking()
            .InScope(scope)
            .Where(e => e.Id == id)
            .Select(TeamAnswers.Projection)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Team?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Team>().InScope(scope).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public void Add(Team created) => db.Set<Team>().Add(created);
}
