namespace MakCrm.Application.Abstractions.Security;

/// <summary>Who and where a change comes from, for the audit log; every member is null outside a request (seeding,
/// workers).</summary>
public interface IRequestContext
{
    Guid? UserId { get; }

    string? ClientId { get; }

    Guid? OrganizationId { get; }

    string? IpAddress { get; }

    /// <summary>The request's User-Agent header, cut to <see cref="MaxUserAgentLength"/> characters.</summary>
    string? UserAgent => null;

    const int MaxUserAgentLength = 512;

    string? TraceId { get; }

    /// <summary>
    /// The display name of the user the request authenticated as, read with the user's standing; null for an API
    /// client,
    /// outside a request, and for a scope that acts for somebody else.
    /// </summary>
    string? UserDisplayName => null;
}
