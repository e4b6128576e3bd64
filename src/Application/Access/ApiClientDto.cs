namespace MakCrm.Application.Access;

/// <summary>A client with its secret, which exists in clear text only in this one answer.</summary>
public sealed record ApiClientWithSecret(Contracts.ApiClient Client, string Secret);

/// <summary>The role that stands for an organization (its kind's) and the permissions the role has now.</summary>
public sealed record OrganizationRole(string Role, IReadOnlySet<string> Permissions);
