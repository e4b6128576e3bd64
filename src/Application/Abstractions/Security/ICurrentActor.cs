namespace MakCrm.Application.Abstractions.Security;

/// <summary>Who is making the request: a user (with a token from /connect/token) or an API client, always of one
/// organization.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }

    string? ClientId { get; }

    Guid OrganizationId { get; }

    /// <summary>The caller's roles: a user's own; an API client acts in the role of its organization's kind.</summary>
    IReadOnlyList<string> Roles { get; }

    /// <summary>The sign-in (refresh-token family) a user's access token belongs to; <c>null</c> for an API
    /// client.</summary>
    Guid? SignInId { get; }

    bool Has(string permission);
}
