using MakCrm.Application.Access;

namespace MakCrm.Application.Abstractions.Security;

/// <summary>Confidential OAuth clients (lead platforms, the bot) as an admin registers and manages them.</summary>
public interface IApiClientAdministration
{
    Task<IReadOnlyList<ApiClientDto>> ListAsync(CancellationToken cancellationToken);

    Task<bool> OrganizationIsActiveAsync(Guid organizationId, CancellationToken cancellationToken);

    ApiClientWithSecret Register(string name, Guid organizationId, IReadOnlyList<string> scopes);

    /// <summary><c>null</c> when there is no such confidential client.</summary>
    Task<ApiClientDto?> SetEnabledAsync(string clientId, bool enabled, CancellationToken cancellationToken);

    /// <summary><c>null</c> when there is no such confidential client.</summary>
    Task<ApiClientWithSecret?> RotateSecretAsync(string clientId, CancellationToken cancellationToken);
}
