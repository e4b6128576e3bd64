using MakCrm.Application.Common;
using MakCrm.Application.Users;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

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

