namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>
/// The requests to reset a password (<c>password_resets</c>): every request is recorded, for an e-mail with an account
/// or without (so that the per-e-mail limit, counted here, holds on every instance and says nothing about the account),
/// and those of an active user carry the hash of their one-time token. All of it works in the caller's transaction.
/// </summary>
public interface IPasswordResets
{
    /// <summary>Serialises the requests for one e-mail until the current transaction ends (the count then the
    /// insert).</summary>
    Task LockEmailAsync(string email, CancellationToken cancellationToken);

    Task<int> CountSinceAsync(string email, DateTimeOffset since, CancellationToken cancellationToken);

    void Add(PasswordResetRequest request);

    /// <summary>
    /// Spends the token in one conditional statement: the user it resets when it is unused and unexpired (it is used
    /// from
    /// now on), else <c>null</c>.
    /// </summary>
    Task<Guid?> SpendAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Spends every other unused token of the user (a new password makes older links useless).</summary>
    Task SpendAllAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>One request: the e-mail as asked, the user and token hash when it named an active user, and the client's
/// address.</summary>
public sealed record PasswordResetRequest(
    Guid Id,
    string Email,
    Guid? UserId,
    string? TokenHash,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string? IpAddress
);
