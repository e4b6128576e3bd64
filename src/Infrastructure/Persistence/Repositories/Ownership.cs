using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>Limits a query of an organization's rows (<see cref="IOrganizationOwned"/>) to one organization.</summary>
internal static class Ownership
{
    /// <summary>The rows a <see cref="DataScope"/> may see: its organization's, or every organization's.</summary>
    public static IQueryable<T> InScope<T>(this IQueryable<T> rows, DataScope scope)
        where T : class, IOrganizationOwned => rows.OfOrganization(scope.OrganizationId);

    /// <summary>The rows of <paramref name="organizationId"/>, or all of them when it is null (no filter).</summary>
    public static IQueryable<T> OfOrganization<T>(this IQueryable<T> rows, Guid? organizationId)
        where T : class, IOrganizationOwned =>
        organizationId is { } organization ? rows.Where(r => r.OrganizationId == organization) : rows;
}
