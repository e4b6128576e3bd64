namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// The token a right password earns when a code is still needed (the mfa-otp grant's <c>mfa_token</c>), stored as a
/// hash. A sign-in with a code spends it: one conditional DELETE, so that of requests arriving together with the same
/// token one at most succeeds.
/// </summary>
public sealed class MfaToken
{
    public Guid Id { get; set; }

    public string TokenHash { get; set; } = "";

    public Guid UserId { get; set; }

    public string ClientId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
