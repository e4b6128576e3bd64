using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Asks the data scope (<see cref="Ownership"/>) which of a batch's leads, deals, tasks and clients some responsibles
/// see: one query per kind present, deleted rows included so that a deletion reaches those who saw the row.
/// </summary>
[Scoped]
internal sealed class EventSubjects(MakCrmDbContext db) : IEventSubjects
{
    public async Task<IReadOnlySet<Guid>> SeenAsync(
        IReadOnlyList<Guid> responsibles,
        IReadOnlyList<EventSubject> subjects,
        CancellationToken cancellationToken
    )
    {
        var scope = DataScope.All with { Responsibles = responsibles };
        var seen = new HashSet<Guid>();
        foreach (var kind in subjects.GroupBy(s => s.ResourceType, StringComparer.Ordinal))
        {
            var ids = kind.Select(s => s.ResourceId).ToList();
            var query = kind.Key switch
            {
                _ when kind.Key == EventTypes.LeadCreated.ResourceType => Seen(db.Set<Lead>(), scope, ids),
                _ when kind.Key == EventTypes.DealCreated.ResourceType => Seen(db.Set<Deal>(), scope, ids),
                _ when kind.Key == EventTypes.TaskCreated.ResourceType => Seen(db.Set<CrmTask>(), scope, ids),
                _ when kind.Key == EventTypes.ClientCreated.ResourceType => db.Set<Client>()
                    .IgnoreQueryFilters()
                    .InScope(scope, db)
                    .Where(c => ids.Contains(c.Id))
                    .Select(c => c.Id),
                _ => throw new ArgumentException($"Events of {kind.Key} are not narrowed by responsible."),
            };
            seen.UnionWith(await query.ToListAsync(cancellationToken));
        }

        return seen;
    }

    private static IQueryable<Guid> Seen<T>(IQueryable<T> rows, DataScope scope, List<Guid> ids)
        where T : Domain.Common.AggregateRoot, Domain.Organizations.IOrganizationOwned =>
        rows.IgnoreQueryFilters().InScope(scope).Where(r => ids.Contains(r.Id)).Select(r => r.Id);
}
