using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// A single-use stream ticket (<c>POST /api/v1/stream/tickets</c>): who asked for it, as its access token said, stored
/// with the ticket's hash. Opening a stream with it spends it: one conditional DELETE, so that of requests arriving
/// together with the same ticket one at most succeeds.
/// </summary>
public sealed class StreamTicket : IOrganizationOwned
{
    public Guid Id { get; set; }

    public string TicketHash { get; set; } = "";

    /// <summary>The access token's subject: a user's id, or an API client's client id.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The OAuth client the access token was issued to.</summary>
    public string ClientId { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    /// <summary>A user's sign-in (refresh-token family); null for an API client.</summary>
    public Guid? SignInId { get; set; }

    /// <summary>An API client's permissions when it asked, space-separated; null for a user (a user's roles decide at
    /// use).</summary>
    public string? Scope { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
