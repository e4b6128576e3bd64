namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// A user's sign-ins (sessions): each is a refresh-token family, and the access tokens issued from it name it. Revoking
/// one refuses its access tokens on their next request, on every instance (the database notifies them).
/// </summary>
public interface ISignIns
{
    /// <summary>The user's sign-ins that are neither revoked nor expired, newest first.</summary>
    Task<IReadOnlyList<SignIn>> ListActiveAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Revokes one of the user's sign-ins; <c>false</c> when the user has no such active sign-in.</summary>
    Task<bool> RevokeAsync(Guid userId, Guid signInId, CancellationToken cancellationToken);

    /// <summary>Revokes every active sign-in of the user except <paramref name="except"/>; the number
    /// revoked.</summary>
    Task<int> RevokeAllAsync(Guid userId, Guid? except, CancellationToken cancellationToken);
}

/// <summary>
/// A sign-in as its user sees it: the client it was made with, when, from where (the address and user agent of the
/// request that signed in; none for sign-ins older than their recording), and when it was last used.
/// </summary>
public sealed record SignIn(
    Guid Id,
    string ClientId,
    DateTimeOffset SignedInAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? IpAddress,
    string? UserAgent = null
);
