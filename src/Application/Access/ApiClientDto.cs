namespace MakCrm.Application.Access;

public sealed record ApiClientDto(string ClientId, string Name, Guid OrganizationId, IReadOnlyList<string> Scopes, bool Enabled, DateTimeOffset CreatedAt);

/// <summary>A client with its secret, which exists in clear text only in this one answer.</summary>
public sealed record ApiClientWithSecret(ApiClientDto Client, string Secret);

/// <summary>The role that stands for an organization (its kind's) and the permissions the role has now.</summary>
public sealed record OrganizationRole(string Role, IReadOnlySet<string> Permissions);
