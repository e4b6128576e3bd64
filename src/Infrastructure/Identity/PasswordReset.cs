namespace MakCrm.Infrastructure.Identity;

/// <summary>A row of <c>password_resets</c>: one forgot-password request (see IPasswordResets).</summary>
public sealed class PasswordReset
{
    public Guid Id { get; set; }

    /// <summary>The e-mail as asked, lower case, whether or not it has an account.</summary>
    public string Email { get; set; } = "";

    public Guid? UserId { get; set; }

    /// <summary>The hex SHA-256 of the token mailed to the user; none when the e-mail named no active user.</summary>
    public string? TokenHash { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public string? IpAddress { get; set; }
}
