using MakCrm.Application.Users;

namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// User accounts as head office and organization owners manage them, and as a user sees its own. The changes are
/// tracked and audited (before and after) in the request's unit of work, which saves them; a change that takes access
/// away reaches every instance through the database's notifications when it commits.
/// </summary>
public interface IUserAdministration
{
    /// <summary>The user, when it exists and is inside the scope; otherwise <c>null</c>.</summary>
    Task<Contracts.User?> FindAsync(Guid userId, DataScope scope, CancellationToken cancellationToken);

    /// <summary>Holds the user's row until the transaction ends, so that changes of one user (its profile, role,
    /// notification preferences) run one at a time and each checks <c>If-Match</c> against what the last one
    /// left.</summary>
    Task LockAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Up to <see cref="UserListCriteria.Take"/> users in the criteria's order, after its position.</summary>
    Task<IReadOnlyList<Contracts.User>> ListAsync(UserListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(UserListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>When the user last signed in with a second factor (an authenticator or recovery code), if
    /// ever.</summary>
    Task<DateTimeOffset?> LastTwoFactorSignInAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The organization the user owns, if any.</summary>
    Task<Guid?> OwnedOrganizationAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Changes the user's own name and phone (already normalised); <c>null</c> for an unknown user.</summary>
    Task<Contracts.User?> UpdateProfileAsync(
        Guid userId,
        string fullName,
        string? phone,
        CancellationToken cancellationToken
    );

    /// <summary>Gives the user this role instead of its current one.</summary>
    Task<Contracts.User> ChangeRoleAsync(Guid userId, string role, CancellationToken cancellationToken);

    /// <summary>Deactivates or reactivates the user.</summary>
    Task<Contracts.User> SetStatusAsync(Guid userId, Contracts.UserStatus status, CancellationToken cancellationToken);

    /// <summary>Sets whose rows the user sees, with its security audit event; the user exists.</summary>
    Task<Contracts.User> SetVisibilityAsync(
        Guid userId,
        Domain.Access.UserVisibility visibility,
        CancellationToken cancellationToken
    );

    /// <summary>Those of <paramref name="userIds"/> that are users of the organization (enabled or not).</summary>
    Task<IReadOnlyList<Guid>> OfOrganizationAsync(
        Guid organizationId,
        IReadOnlyCollection<Guid> userIds,
        CancellationToken cancellationToken
    );

    /// <summary>Turns the user's two-factor authentication off and forgets its authenticator key and recovery
    /// codes.</summary>
    Task<Contracts.User> ResetTwoFactorAsync(Guid userId, CancellationToken cancellationToken);
}
