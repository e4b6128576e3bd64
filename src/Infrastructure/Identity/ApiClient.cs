namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// A registered OAuth client. Public clients (the cabinets, Swagger UI) use the password grant and have no secret;
/// confidential clients (a lead platform, the bot) use client credentials with a secret that is stored only as a
/// hash, act for their organization and are limited to their scopes.
/// </summary>
public sealed class ApiClient
{
    public string ClientId { get; set; } = "";

    public string Name { get; set; } = "";

    public bool IsConfidential { get; set; }

    public string? SecretHash { get; set; }

    public Guid? OrganizationId { get; set; }

    public string[] Scopes { get; set; } = [];

    public bool IsEnabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
