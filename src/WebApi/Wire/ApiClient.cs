using MakCrm.Application.Access;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class ApiClientMappings
{
    /// <summary>A client with its secret: the only answer that ever shows it (schema
    /// <c>ApiClientCredentials</c>).</summary>
    extension(ApiClientCredentials)
    {
        public static ApiClientCredentials From(ApiClientWithSecret value) => new(value.Client, value.Secret);
    }
}
