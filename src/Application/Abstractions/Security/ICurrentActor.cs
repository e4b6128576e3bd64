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

    /// <summary>
    /// The users whose leads, deals, tasks and clients the caller sees when its visibility narrows them (itself, or
    /// itself and its teams' members); <c>null</c> when it sees every row its permissions reach (an API client, a
    /// user whose visibility is its organization). Read with the user's standing, so a change applies at once.
    /// </summary>
    IReadOnlyList<Guid>? VisibleResponsibles { get; }
}
