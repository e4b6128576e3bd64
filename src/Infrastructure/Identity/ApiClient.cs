using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// A registered OAuth client. Public clients (the cabinets, Swagger UI) use the password grant and have no secret;
/// confidential clients (a lead platform, the bot) use client credentials with a secret that is stored only as a
/// hash, act for their organization and are limited to their scopes.
/// </summary>
public sealed class ApiClient : IOrganizationOwned
{
    public string ClientId { get; set; } = "";

    public string Name { get; set; } = "";

    public bool IsConfidential { get; set; }

    public string? SecretHash { get; set; }

    /// <summary>The organization the client acts for; none for a public client.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>A public client belongs to no organization, so no organization's scope or purge reaches it.</summary>
    Guid IOrganizationOwned.OrganizationId => OrganizationId ?? Guid.Empty;

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public string[] Scopes { get; set; } = [];

    public bool IsEnabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
