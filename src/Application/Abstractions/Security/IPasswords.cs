namespace MakCrm.Application.Abstractions.Security;

/// <summary>Users' passwords, as the application needs them: the policy, checking one, and setting a new one.</summary>
public interface IPasswords
{
    /// <summary>The user who signs in with this e-mail when that user can sign in (not disabled, organization
    /// active).</summary>
    Task<AccountHolder?> FindActiveByEmailAsync(string email, CancellationToken cancellationToken);

    Task<AccountHolder?> FindAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The password policy's verdict: a validation error on <paramref name="field"/> naming every rule that
    /// failed.</summary>
    Task<Result<Unit>> CheckPolicyAsync(
        string email,
        string password,
        string field,
        CancellationToken cancellationToken
    );

    /// <summary>Whether the user's password is this one.</summary>
    Task<bool> VerifyAsync(Guid userId, string password, CancellationToken cancellationToken);

    /// <summary>Sets a new password (checked by the policy first; a refusal is a validation error on
    /// <paramref name="field"/>).</summary>
    Task<Result<Unit>> SetAsync(Guid userId, string password, string field, CancellationToken cancellationToken);

    /// <summary>Spends the time of hashing a password, so that a path that stores none costs as much as one that
    /// does.</summary>
    void SpendHashingTime(string password);
}

public sealed record AccountHolder(Guid UserId, string Email, string FullName, Guid OrganizationId);
