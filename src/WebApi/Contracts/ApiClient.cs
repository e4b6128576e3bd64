using MakCrm.Application.Access;

namespace MakCrm.WebApi.Contracts;

/// <summary>A confidential OAuth client (schema <c>ApiClient</c>).</summary>
public sealed record ApiClient(string ClientId, string Name, Guid OrganizationId, IReadOnlyList<string> Scopes, bool Enabled, DateTimeOffset CreatedAt)
{
    public static ApiClient From(ApiClientDto dto) => new(dto.ClientId, dto.Name, dto.OrganizationId, dto.Scopes, dto.Enabled, dto.CreatedAt);
}

/// <summary>A client with its secret: the only answer that ever shows it (schema <c>ApiClientCredentials</c>).</summary>
public sealed record ApiClientCredentials(ApiClient Client, string ClientSecret)
{
    public static ApiClientCredentials From(ApiClientWithSecret value) => new(ApiClient.From(value.Client), value.Secret);
}

public sealed record ApiClientList(IReadOnlyList<ApiClient> Items);

public sealed record RegisterApiClientRequest
{
    public required string Name { get; init; }

    public required Guid OrganizationId { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }
}
