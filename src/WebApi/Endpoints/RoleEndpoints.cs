using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Access;
using MakCrm.Domain.Access;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal static class RoleEndpoints
{
    public static RouteGroupBuilder MapRoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/roles").WithTags("Access").RateLimitedPerCaller().RequireAuthorization(PermissionPolicies.RolesManage);
        group.MapGet("/", List).WithName("listRoles").ProducesProblems(401, 403);
        group.MapPut("/{role}/permissions", SetPermissions).WithName("setRolePermissions").RequiresRecentTwoFactor()
            .Accepts<SetRolePermissionsRequest>("application/json").ProducesProblems(400, 401, 403, 404, 413, 415);
        return group;
    }

    private static async Task<Results<Ok<RoleMatrix>, ProblemHttpResult>> List(
        IQueryHandler<ListRolesQuery, IReadOnlyList<RoleDto>> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new ListRolesQuery(), cancellationToken), roles => new RoleMatrix(roles.Select(Role.From).ToList(), Permissions.All));

    private static async Task<Results<Ok<Role>, ProblemHttpResult>> SetPermissions(
        string role,
        HttpRequest request,
        ICommandHandler<SetRolePermissionsCommand, RoleDto> handler,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<SetRolePermissionsRequest>(request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        return Respond.Value(await handler.Handle(new SetRolePermissionsCommand(role, body.Value.Value.Permissions, body.Value.Value.RequiresTwoFactor), cancellationToken), Role.From);
    }
}
