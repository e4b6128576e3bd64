using MakCrm.Application.Access;

namespace MakCrm.Application.Abstractions.Security;

/// <summary>The role-to-permission matrix as the admin edits it.</summary>
public interface IRoleAdministration
{
    Task<IReadOnlyList<Contracts.Role>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Holds every role's row until the transaction ends, so that changes of the matrix run one at a time and
    /// each checks <c>If-Match</c> against what the last one left.</summary>
    Task LockAllAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the role's permissions (tracked: the unit of work saves them); <c>null</c> for an unknown
    /// role.</summary>
    Task<Contracts.Role?> SetPermissionsAsync(
        string role,
        IReadOnlyCollection<string> permissions,
        bool? requiresTwoFactor,
        CancellationToken cancellationToken
    );
}
