namespace MakCrm.Domain.Organizations;

/// <summary>A host name (normalized, <see cref="HostName"/>) that one organization holds for its cabinet.</summary>
public sealed class OrganizationHost : IOrganizationOwned
{
    private OrganizationHost() { }

    public string Host { get; private set; } = "";

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public DateTimeOffset CreatedAt { get; private set; }
}
