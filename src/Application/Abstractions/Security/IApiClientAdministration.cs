using MakCrm.Application.Access;

namespace MakCrm.Application.Abstractions.Security;

/// <summary>Confidential OAuth clients (lead platforms, the bot) as an admin registers and manages them.</summary>
public interface IApiClientAdministration
{
    Task<IReadOnlyList<Contracts.ApiClient>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The role that stands for an active organization and the permissions it has now: a client of the organization
    /// may hold no other scopes. <c>null</c> when no active organization has the id.
    /// </summary>
    Task<OrganizationRole?> RoleOfOrganizationAsync(Guid organizationId, CancellationToken cancellationToken);

    ApiClientWithSecret Register(string name, Guid organizationId, IReadOnlyList<string> scopes);

    /// <summary><c>null</c> when there is no such confidential client.</summary>
    Task<Contracts.ApiClient?> SetEnabledAsync(string clientId, bool enabled, CancellationToken cancellationToken);

    /// <summary><c>null</c> when there is no such confidential client.</summary>
    Task<ApiClientWithSecret?> RotateSecretAsync(string clientId, CancellationToken cancellationToken);
}
