using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Deleting an organization for good, with everything that exists only for it.</summary>
public interface IOrganizationPurge
{
    /// <summary>
    /// The business records still referring to the organization, per kind (<c>clients</c>, <c>leads</c>, <c>deals</c>,
    /// <c>ledgerEntries</c>, …), soft-deleted ones included; only kinds with at least one record.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> CountRecordsAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the organization with its users (and their sign-ins), API clients, host names, notifications, tasks and
    /// imports, in the command's transaction, and audits it. A conflict when something refers to it after all.
    /// </summary>
    Task<Result<Unit>> PurgeAsync(Organization organization, CancellationToken cancellationToken);
}
