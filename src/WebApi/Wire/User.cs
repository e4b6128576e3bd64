using MakCrm.Application.Users;
using MakCrm.Contracts;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class UserMappings
{
    /// <summary>A sign-in of the signed-in user (schema <c>Session</c>).</summary>
    extension(Session)
    {
        public static Session From(SessionDto s) =>
            new(
                s.SignIn.Id,
                s.SignIn.ClientId,
                s.SignIn.SignedInAt,
                s.SignIn.LastUsedAt,
                s.SignIn.ExpiresAt,
                s.SignIn.IpAddress,
                s.SignIn.UserAgent,
                s.IsCurrent
            );
    }
}
