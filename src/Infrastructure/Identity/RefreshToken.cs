namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// A refresh token, stored as a hash. Every use spends it and issues the next one of the same family; presenting a
/// spent one again means it was stolen, and revokes the whole family.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }

    public Guid FamilyId { get; set; }

    public Guid UserId { get; set; }

    public string ClientId { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public string Amr { get; set; } = "pwd";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the user proved who they are (password, and code when <see cref="Amr"/> says so); refreshes keep
    /// it.</summary>
    public DateTimeOffset AuthenticatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? SpentAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The address of the request that issued this token (a sign-in or a refresh), as the server saw
    /// it.</summary>
    public string? IpAddress { get; set; }

    /// <summary>The User-Agent of the request that issued this token, cut to 512 characters.</summary>
    public string? UserAgent { get; set; }

    public const int MaxIpAddressLength = 64;
}
