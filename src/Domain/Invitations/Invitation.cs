using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Invitations;

/// <summary>
/// An invitation of a person into an organization with a role: a one-time link sent by e-mail, whose token is stored
/// only as its SHA-256 hash. It is pending until it is accepted (which creates the user), revoked, or expires;
/// resending
/// gives it a new token and a new expiry, and the old token stops working.
/// </summary>
public sealed class Invitation : AggregateRoot, IOrganizationOwned
{
    /// <summary>How long an invitation's link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private Invitation() { }

    private Invitation(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    /// <summary>The invitee's e-mail, lower case: the sign-in name of the user the acceptance creates.</summary>
    public string Email { get; private set; } = "";

    public string FullName { get; private set; } = "";

    public string Role { get; private set; } = "";

    /// <summary>The hex SHA-256 of the current token.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>As stored: pending, accepted or revoked (expiry is read from <see cref="ExpiresAt"/>, see
    /// <see cref="StatusAt"/>).</summary>
    public InvitationStatus Status { get; private set; }

    public Guid? InvitedByUserId { get; private set; }

    public Guid? AcceptedUserId { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public static Invitation Create(
        Guid id,
        Guid organizationId,
        string email,
        string fullName,
        string role,
        string tokenHash,
        Guid? invitedBy,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            Email = email,
            FullName = TextNormalizer.Collapse(fullName),
            Role = role,
            TokenHash = tokenHash,
            ExpiresAt = now + Lifetime,
            Status = InvitationStatus.Pending,
            InvitedByUserId = invitedBy,
        };

    /// <summary>The status a reader sees: a pending invitation past its expiry is expired.</summary>
    public InvitationStatus StatusAt(DateTimeOffset now) => Effective(Status, ExpiresAt, now);

    public static InvitationStatus Effective(InvitationStatus stored, DateTimeOffset expiresAt, DateTimeOffset now) =>
        stored == InvitationStatus.Pending && expiresAt <= now ? InvitationStatus.Expired : stored;

    /// <summary>A new token and a new expiry; pending and expired invitations can be resent, decided ones
    /// cannot.</summary>
    public Result<Unit> Resend(string tokenHash, DateTimeOffset now)
    {
        var allowed = Check(new OnlyOpenInvitationsChange(Status));
        if (allowed.IsSuccess)
        {
            TokenHash = tokenHash;
            ExpiresAt = now + Lifetime;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Revokes the invitation; revoking a revoked one changes nothing.</summary>
    public Result<Unit> Revoke(DateTimeOffset now)
    {
        if (Status == InvitationStatus.Revoked)
        {
            return Unit.Value;
        }

        var allowed = Check(new OnlyOpenInvitationsChange(Status));
        if (allowed.IsSuccess)
        {
            Status = InvitationStatus.Revoked;
            RevokedAt = now;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Records that the invitee accepted and became <paramref name="userId"/>; only a pending, unexpired
    /// invitation.</summary>
    public Result<Unit> Accept(Guid userId, DateTimeOffset now)
    {
        if (StatusAt(now) != InvitationStatus.Pending)
        {
            return InvitationTokens.Invalid;
        }

        Status = InvitationStatus.Accepted;
        AcceptedUserId = userId;
        AcceptedAt = now;
        Touch(now);
        return Unit.Value;
    }
}

/// <summary>The status of an invitation; <see cref="Expired"/> is never stored, it is a pending one past its
/// expiry.</summary>
public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// <summary>Only an invitation that is not accepted or revoked can be resent or revoked.</summary>
public sealed record OnlyOpenInvitationsChange(InvitationStatus Status) : IBusinessRule
{
    public bool IsBroken() => Status is InvitationStatus.Accepted or InvitationStatus.Revoked;

    public Error Error =>
        new(
            ErrorCodes.InvitationNotPending,
            $"The invitation is {SnakeCaseNames.Of(Status)} already.",
            ErrorKind.Conflict
        );
}

/// <summary>The one answer to any token that is not a live one: expired, used, revoked, replaced or made up
/// alike.</summary>
public static class InvitationTokens
{
    public static Error Invalid =>
        new(
            ErrorCodes.InvalidToken,
            "The link is not valid: it has expired, was used already, or was replaced by a newer one.",
            ErrorKind.Validation
        );
}
