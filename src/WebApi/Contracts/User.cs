using MakCrm.Application.Common;
using MakCrm.Application.Users;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed partial record UserPage
{
    public static UserPage From(Page<UserDto> page) => new(page.Items, page.NextCursor);
}

/// <summary>A merge patch of the signed-in user's own profile (schema <c>UpdateMeRequest</c>).</summary>
public sealed partial record UpdateMeRequest
{
    public static UpdateMeCommand ToCommand(JsonBody<UpdateMeRequest> body) =>
        new(body.Field("fullName", body.Value.FullName), body.Field("phone", body.Value.Phone));
}

/// <summary>A sign-in of the signed-in user (schema <c>Session</c>).</summary>
public sealed partial record Session
{
    public static Session From(SessionDto s) =>
        new(s.SignIn.Id, s.SignIn.ClientId, s.SignIn.SignedInAt, s.SignIn.LastUsedAt, s.SignIn.ExpiresAt, s.SignIn.IpAddress, s.SignIn.UserAgent, s.IsCurrent);
}

public sealed partial record SessionList
{
    public static SessionList From(IReadOnlyList<SessionDto> sessions) => new(sessions.Select(Session.From).ToList());
}

