using MakCrm.WebApi.OpenApi;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The endpoints of one resource: its routes, each with its metadata and its handler.</summary>
internal interface IEndpointGroup
{
    void Map(IEndpointRouteBuilder app);
}

internal static class EndpointGroups
{
    /// <summary>
    /// Maps every <see cref="IEndpointGroup"/> of this assembly, found by reflection once at start-up (in name order,
    /// so
    /// the endpoints and the runtime OpenAPI document come out the same on every start), each endpoint with the
    /// metadata
    /// its operation has in the contract (<see cref="ContractRouteMetadata"/>): who may call it, its rate limit, tags
    /// and problem answers are written there, not here.
    /// </summary>
    public static IEndpointRouteBuilder MapEndpointGroups(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithContractMetadata();
        var groups = typeof(IEndpointGroup)
            .Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IEndpointGroup)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in groups)
        {
            ((IEndpointGroup)Activator.CreateInstance(type)!).Map(api);
        }

        return app;
    }
}
