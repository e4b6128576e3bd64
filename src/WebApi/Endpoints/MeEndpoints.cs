using MakCrm.Application.Users;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// The signed-in user: who it is, its own name and phone, and its sign-ins. Any user, whatever the role; an API client
/// has no account of this kind and gets 403.
/// </summary>
internal sealed class MeEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/me");
        group.MapGet("/", GetMe).WithName("getMe");
        group.MapPatch("/", UpdateMe).WithName("updateMe");
        group.MapGet("/sessions", ListSessions).WithName("listMySessions");
        group.MapDelete("/sessions/{id:guid}", RevokeSession).WithName("revokeMySession");
        group.MapPost("/sessions/revocation", RevokeOtherSessions).WithName("revokeMyOtherSessions");
    }

    private static async Task<Results<JsonOk<Contracts.Me>, ProblemHttpResult>> GetMe(
        IQueryHandler<GetMeQuery, Contracts.Me> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetMeQuery(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.User>, ProblemHttpResult>> UpdateMe(
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateMeCommand, Contracts.User> handler,
        Body<UpdateMeRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Tagged(
            response,
            await handler.Handle(UpdateMeRequest.ToCommand(ETag.IfMatch(ifMatch), body.Fields), cancellationToken)
        );

    private static async Task<Results<JsonOk<SessionList>, ProblemHttpResult>> ListSessions(
        IQueryHandler<ListMySessionsQuery, IReadOnlyList<SessionDto>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListMySessionsQuery(), cancellationToken), SessionList.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSession(
        Guid id,
        ICommandHandler<RevokeMySessionCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new RevokeMySessionCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<SessionRevocation>, ProblemHttpResult>> RevokeOtherSessions(
        ICommandHandler<RevokeMyOtherSessionsCommand, int> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new RevokeMyOtherSessionsCommand(), cancellationToken),
            revoked => new SessionRevocation(revoked)
        );
}
