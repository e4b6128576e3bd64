using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IOrganizationRepository
{
    /// <summary>A live organization (not in the trash).</summary>
    Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>An organization, live or in the trash.</summary>
    Task<Organization?> FindIncludingTrashAsync(Guid id, CancellationToken cancellationToken);

    void Add(Organization organization);

    Task<IReadOnlyList<OrganizationDto>> ListAsync(
        OrganizationListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(OrganizationListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a (normalized) host for the organization unless some organization holds it: the holder after the claim,
    /// when
    /// it claimed it, and whether this call claimed it. Decided by the database, so that of two concurrent claims one
    /// wins.
    /// </summary>
    Task<HostClaim> ClaimHostAsync(
        Guid organizationId,
        string host,
        DateTimeOffset now,
        CancellationToken cancellationToken
    );

    /// <summary>Gives up a host the organization holds; <c>false</c> when it holds no such host.</summary>
    Task<bool> ReleaseHostAsync(Guid organizationId, string host, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contracts.OrganizationHost>> ListHostsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    );

    /// <summary>The branding of the active, live organization that holds the host; <c>null</c> when none
    /// does.</summary>
    Task<Contracts.Branding?> FindBrandingAsync(string host, CancellationToken cancellationToken);
}

public sealed record HostClaim(Guid HolderId, DateTimeOffset ClaimedAt, bool Created);
