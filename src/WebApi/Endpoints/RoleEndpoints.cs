using MakCrm.Application.Access;
using MakCrm.Contracts;
using MakCrm.Domain.Access;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class RoleEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/roles");
        group.MapGet("/", List).WithName("listRoles");
        group.MapPut("/{role}/permissions", SetPermissions).WithName("setRolePermissions").RequiresRecentTwoFactor();
    }

    private static async Task<Results<JsonOk<RoleMatrix>, ProblemHttpResult>> List(
        IQueryHandler<ListRolesQuery, IReadOnlyList<Contracts.Role>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListRolesQuery(), cancellationToken),
            roles => new RoleMatrix(roles, Permissions.All)
        );

    private static async Task<Results<JsonOk<Contracts.Role>, ProblemHttpResult>> SetPermissions(
        string role,
        HttpRequest request,
        ICommandHandler<SetRolePermissionsCommand, Contracts.Role> handler,
        Body<SetRolePermissionsRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new SetRolePermissionsCommand(role, body.Value.Permissions, body.Value.RequiresTwoFactor),
                cancellationToken
            )
        );
}
