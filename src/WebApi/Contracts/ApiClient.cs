using MakCrm.Application.Access;

namespace MakCrm.WebApi.Contracts;

/// <summary>A confidential OAuth client (schema <c>ApiClient</c>).</summary>
public sealed partial record ApiClient
{
    public static ApiClient From(ApiClientDto dto) => new(dto.ClientId, dto.Name, dto.OrganizationId, dto.Scopes, dto.Enabled, dto.CreatedAt);
}

/// <summary>A client with its secret: the only answer that ever shows it (schema <c>ApiClientCredentials</c>).</summary>
public sealed partial record ApiClientCredentials
{
    public static ApiClientCredentials From(ApiClientWithSecret value) => new(ApiClient.From(value.Client), value.Secret);
}

