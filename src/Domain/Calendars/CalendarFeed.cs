namespace MakCrm.Domain.Calendars;

/// <summary>
/// A user's personal calendar feed: a secret URL whose token is stored only as its hash. A user has at most one
/// live feed; issuing a new one (rotation) revokes the previous. Not an aggregate: it is the user's credential, like a
/// refresh token, and its issue and revocation are security events.
/// </summary>
public sealed class CalendarFeed
{
    private CalendarFeed() { }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The SHA-256 of the token, lowercase hex.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>When a calendar application last read it.</summary>
    public DateTimeOffset? LastReadAt { get; private set; }

    public bool IsLive => RevokedAt is null;

    public static CalendarFeed Issue(Guid id, Guid userId, string tokenHash, DateTimeOffset now) =>
        new()
        {
            Id = id,
            UserId = userId,
            TokenHash = tokenHash,
            CreatedAt = now,
        };

    /// <summary>Revokes it; revoking it again keeps the first time.</summary>
    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void MarkRead(DateTimeOffset now) => LastReadAt = now;
}
