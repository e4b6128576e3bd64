using MakCrm.Application.Access;

namespace MakCrm.WebApi.Contracts;

/// <summary>A client with its secret: the only answer that ever shows it (schema <c>ApiClientCredentials</c>).</summary>
public sealed partial record ApiClientCredentials
{
    public static ApiClientCredentials From(ApiClientWithSecret value) => new(value.Client, value.Secret);
}

