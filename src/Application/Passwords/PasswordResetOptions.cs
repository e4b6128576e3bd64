namespace MakCrm.Application.Passwords;

/// <summary>Forgot-password by e-mail (configuration section <c>Mak:PasswordResets</c>).</summary>
public sealed class PasswordResetOptions
{
    public const string Section = "Mak:PasswordResets";

    /// <summary>How long a reset link works.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many requests for one e-mail in <see cref="Window"/>; the ones past it send
    /// nothing.</summary>
    public int RequestsPerEmail { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}
