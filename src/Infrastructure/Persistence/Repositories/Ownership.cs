using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Tasks;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Limits a query of an organization's rows (<see cref="IOrganizationOwned"/>) to one organization, and the rows that
/// have a responsible user to the responsibles a user's visibility leaves it (<see cref="DataScope.Responsibles"/>):
/// leads and deals by their responsible, tasks by their assignee, clients through a lead or deal so seen. The ids go
/// to the database as one array parameter (<c>= ANY(@ids)</c>), so a list's compiled shape is the same for every
/// operator.
/// </summary>
internal static class Ownership
{
    /// <summary>The rows a <see cref="DataScope"/> may see: its organization's, or every organization's; of those
    /// with a responsible, only its responsibles' when it names them.</summary>
    public static IQueryable<T> InScope<T>(this IQueryable<T> rows, DataScope scope)
        where T : class, IOrganizationOwned
    {
        var scoped = rows.OfOrganization(scope.OrganizationId);
        if (scope.Responsibles is not { } responsibles)
        {
            return scoped;
        }

        var ids = responsibles.ToArray();
        return scoped switch
        {
            IQueryable<Lead> leads => (IQueryable<T>)
                leads.Where(l => l.ResponsibleUserId != null && ids.Contains(l.ResponsibleUserId.Value)),
            IQueryable<Deal> deals => (IQueryable<T>)
                deals.Where(d => d.ResponsibleUserId != null && ids.Contains(d.ResponsibleUserId.Value)),
            IQueryable<CrmTask> tasks => (IQueryable<T>)tasks.Where(t => ids.Contains(t.AssigneeUserId)),
            IQueryable<Client> => throw new InvalidOperationException(
                "A client is seen through its leads and deals: scope clients with InScope(scope, db)."
            ),
            _ => scoped,
        };
    }

    /// <summary>The clients a <see cref="DataScope"/> may see: its organization's (or every one's); when it names
    /// responsibles, only the clients of a lead or deal one of them is responsible for.</summary>
    public static IQueryable<Client> InScope(this IQueryable<Client> rows, DataScope scope, MakCrmDbContext db)
    {
        var scoped = rows.OfOrganization(scope.OrganizationId);
        if (scope.Responsibles is null)
        {
            return scoped;
        }

        var responsibles = scope with { OrganizationId = null };
        var viaLeads = db.Set<Lead>().InScope(responsibles).Select(l => l.ClientId);
        var viaDeals = db.Set<Deal>().InScope(responsibles).Select(d => d.ClientId);
        return scoped.Where(c => viaLeads.Contains(c.Id) || viaDeals.Contains(c.Id));
    }

    /// <summary>The rows of <paramref name="organizationId"/>, or all of them when it is null (no filter).</summary>
    public static IQueryable<T> OfOrganization<T>(this IQueryable<T> rows, Guid? organizationId)
        where T : class, IOrganizationOwned =>
        organizationId is { } organization ? rows.Where(r => r.OrganizationId == organization) : rows;
}
