using MakCrm.Application.Access;
using MakCrm.Contracts;
using MakCrm.Domain.Access;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
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
        HttpResponse response,
        IQueryHandler<ListRolesQuery, IReadOnlyList<Contracts.Role>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Tagged(
            response,
            await handler.Handle(new ListRolesQuery(), cancellationToken),
            RoleMatrixTag.Of,
            roles => new RoleMatrix(roles, Permissions.All)
        );

    private static async Task<Results<JsonOk<Contracts.Role>, ProblemHttpResult>> SetPermissions(
        string role,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpRequest request,
        ICommandHandler<SetRolePermissionsCommand, Contracts.Role> handler,
        Body<SetRolePermissionsRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new SetRolePermissionsCommand(
                    role,
                    ETag.IfMatch(ifMatch),
                    body.Value.Permissions,
                    body.Value.RequiresTwoFactor
                ),
                cancellationToken
            )
        );
}
