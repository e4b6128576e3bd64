using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Tasks;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>Limits a query to the rows a <see cref="DataScope"/> may see.</summary>
internal static class Ownership
{
    public static IQueryable<Client> InScope(this IQueryable<Client> clients, DataScope scope) =>
        scope.OrganizationId is { } organization ? clients.Where(c => c.OrganizationId == organization) : clients;

    public static IQueryable<Lead> InScope(this IQueryable<Lead> leads, DataScope scope) =>
        scope.OrganizationId is { } organization ? leads.Where(l => l.OrganizationId == organization) : leads;

    public static IQueryable<Deal> InScope(this IQueryable<Deal> deals, DataScope scope) =>
        scope.OrganizationId is { } organization ? deals.Where(d => d.OrganizationId == organization) : deals;

    public static IQueryable<CrmTask> InScope(this IQueryable<CrmTask> tasks, DataScope scope) =>
        scope.OrganizationId is { } organization ? tasks.Where(t => t.OrganizationId == organization) : tasks;

    public static IQueryable<Domain.Help.Ticket> InScope(this IQueryable<Domain.Help.Ticket> tickets, DataScope scope) =>
        scope.OrganizationId is { } organization ? tickets.Where(t => t.OrganizationId == organization) : tickets;
}
