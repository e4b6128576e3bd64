using MakCrm.Application.Access;

namespace MakCrm.Application.Abstractions.Security;

/// <summary>The role-to-permission matrix as the admin edits it.</summary>
public interface IRoleAdministration
{
    Task<IReadOnlyList<Contracts.Role>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the role's permissions (tracked: the unit of work saves them); <c>null</c> for an unknown
    /// role.</summary>
    Task<Contracts.Role?> SetPermissionsAsync(
        string role,
        IReadOnlyCollection<string> permissions,
        bool? requiresTwoFactor,
        CancellationToken cancellationToken
    );
}
