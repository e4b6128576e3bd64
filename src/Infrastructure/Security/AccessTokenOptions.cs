namespace MakCrm.Infrastructure.Security;

/// <summary>Settings of the <c>Mak:Tokens</c> configuration section.</summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Mak:Tokens";

    /// <summary>The <c>iss</c> of every access token and the issuer of the metadata document.</summary>
    public string Issuer { get; set; } = "http://localhost:5080";

    /// <summary>The <c>aud</c> of every access token.</summary>
    public string Audience { get; set; } = "mak-crm-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How recent a two-factor sign-in must be for operations that require step-up (role and permission changes,
    /// exports of personal data): their tokens carry <c>auth_time</c>, and older sign-ins get RFC 9470's challenge.
    /// </summary>
    public TimeSpan StepUpMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a key signs before a new one takes over.</summary>
    public TimeSpan KeyRotationPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Tolerated clock difference for exp and nbf.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Base64 of 32 random bytes (MAK_KEY_ENCRYPTION_KEY): encrypts the signing keys at rest.
    /// Required.</summary>
    public string? KeyEncryptionKey { get; set; }
}
