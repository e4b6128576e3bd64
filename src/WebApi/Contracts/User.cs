using MakCrm.Application.Common;
using MakCrm.Application.Users;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A user account (schema <c>User</c>).</summary>
public sealed record User(
    Guid Id,
    string FullName,
    string Email,
    string? Phone,
    string Role,
    Guid OrganizationId,
    UserStatus Status,
    bool TwoFactorEnabled,
    bool IsOrganizationOwner,
    DateTimeOffset CreatedAt)
{
    public static User From(UserDto u) =>
        new(u.Id, u.FullName, u.Email, u.Phone, u.Role, u.OrganizationId, u.Status, u.TwoFactorEnabled, u.IsOrganizationOwner, u.CreatedAt);
}

public sealed record UserPage(IReadOnlyList<User> Items, string? NextCursor)
{
    public static UserPage From(Page<UserDto> page) => new(page.Items.Select(User.From).ToList(), page.NextCursor);
}

/// <summary>The signed-in user (schema <c>Me</c>).</summary>
public sealed record Me(User User, DateTimeOffset? LastTwoFactorSignInAt, MyOrganization Organization, IReadOnlyList<string> Permissions)
{
    public static Me From(MeDto me) => new(
        User.From(me.User),
        me.LastTwoFactorSignInAt,
        new MyOrganization(me.Organization.Id, me.Organization.Name, me.Organization.Kind, me.Organization.Status, me.Organization.Grade, me.Organization.IsOwner),
        me.Permissions);
}

/// <summary>The signed-in user's organization (schema <c>MyOrganization</c>).</summary>
public sealed record MyOrganization(Guid Id, string Name, OrganizationKind Kind, OrganizationStatus Status, string? Grade, bool IsOwner);

/// <summary>A merge patch of the signed-in user's own profile (schema <c>UpdateMeRequest</c>).</summary>
public sealed record UpdateMeRequest
{
    public string FullName { get; init; } = "";

    public string? Phone { get; init; }

    public static UpdateMeCommand ToCommand(JsonBody<UpdateMeRequest> body) =>
        new(body.Field("fullName", body.Value.FullName), body.Field("phone", body.Value.Phone));
}

/// <summary>A change of a user's role (schema <c>UserRoleRequest</c>).</summary>
public sealed record UserRoleRequest
{
    public required string Role { get; init; }
}

/// <summary>A sign-in of the signed-in user (schema <c>Session</c>).</summary>
public sealed record Session(
    Guid Id, string ClientId, DateTimeOffset SignedInAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current)
{
    public static Session From(SessionDto s) =>
        new(s.SignIn.Id, s.SignIn.ClientId, s.SignIn.SignedInAt, s.SignIn.LastUsedAt, s.SignIn.ExpiresAt, s.SignIn.IpAddress, s.SignIn.UserAgent, s.IsCurrent);
}

public sealed record SessionList(IReadOnlyList<Session> Items)
{
    public static SessionList From(IReadOnlyList<SessionDto> sessions) => new(sessions.Select(Session.From).ToList());
}

/// <summary>How many sign-ins a revocation ended (schema <c>SessionRevocation</c>).</summary>
public sealed record SessionRevocation(int Revoked);
