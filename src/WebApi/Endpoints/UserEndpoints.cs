using MakCrm.Application.Users;
using MakCrm.Contracts;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// User accounts: read by <c>users.read.all</c> (every organization) or <c>users.read.own</c> (the caller's); changed
/// by
/// head office (<c>users.manage</c>) or an organization's owner (<c>users.manage.own</c>, its colleagues only). The
/// changes are naturally idempotent: setting what is already there changes nothing and answers the user.
/// </summary>
internal sealed class UserEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users");
        group.MapGet("/", List).WithName("listUsers").SortedBy(UserSorts.Catalog);
        group.MapGet("/{id:guid}", Get).WithName("getUser");
        group.MapPut("/{id:guid}/role", ChangeRole).WithName("changeUserRole");
        group.MapPut("/{id:guid}/visibility", SetVisibility).WithName("setUserVisibility");
        group.MapPost("/{id:guid}/deactivation", Deactivate).WithName("deactivateUser");
        group.MapPost("/{id:guid}/reactivation", Reactivate).WithName("reactivateUser");
        group
            .MapPost("/{id:guid}/two-factor-reset", ResetTwoFactor)
            .WithName("resetUserTwoFactor")
            .RequiresRecentTwoFactor();
    }

    private static async Task<Results<JsonOk<UserPage>, ProblemHttpResult>> List(
        IQueryHandler<ListUsersQuery, Page<Contracts.User>> handler,
        [AsParameters] ListUsersParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListUsersQuery(
                    query.Q,
                    query.OrganizationId,
                    query.Role,
                    query.Status?.Value,
                    query.Sort,
                    query.Cursor,
                    query.Limit,
                    query.WithTotal
                ),
                cancellationToken
            ),
            UserPage.From
        );
    }

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetUserQuery, Contracts.User> handler,
        CancellationToken cancellationToken
    ) => Respond.Tagged(response, await handler.Handle(new GetUserQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> SetVisibility(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<SetUserVisibilityCommand, Contracts.User> handler,
        Body<UserVisibilityRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Tagged(
            response,
            await handler.Handle(
                new SetUserVisibilityCommand(id, ETag.IfMatch(ifMatch), body.Value.Visibility),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> ChangeRole(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<ChangeUserRoleCommand, Contracts.User> handler,
        Body<UserRoleRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Tagged(
            response,
            await handler.Handle(
                new ChangeUserRoleCommand(id, ETag.IfMatch(ifMatch), body.Value.Role),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> Deactivate(
        Guid id,
        ICommandHandler<DeactivateUserCommand, Contracts.User> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new DeactivateUserCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> Reactivate(
        Guid id,
        ICommandHandler<ReactivateUserCommand, Contracts.User> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ReactivateUserCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> ResetTwoFactor(
        Guid id,
        ICommandHandler<ResetUserTwoFactorCommand, Contracts.User> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ResetUserTwoFactorCommand(id), cancellationToken));
}
