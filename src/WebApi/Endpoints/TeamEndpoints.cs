using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Teams;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class TeamEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/teams";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listTeams").SortedBy(TeamSorts.Catalog);
        group.MapPost("/", Create).WithName("createTeam");
        group.MapGet("/{id:guid}", Get).WithName("getTeam");
        group.MapPatch("/{id:guid}", Update).WithName("updateTeam");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteTeam");
        group.MapPut("/{id:guid}/members/{userId:guid}", AddMember).WithName("addTeamMember");
        group.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember).WithName("removeTeamMember");
    }

    private static async Task<Results<JsonOk<TeamPage>, ProblemHttpResult>> List(
        IQueryHandler<ListTeamsQuery, Page<Contracts.Team>> handler,
        [AsParameters] ListTeamsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListTeamsQuery(query.Sort, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), TeamPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Team>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateTeamCommand, Contracts.Team> handler,
        Body<CreateTeamRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Team>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetTeamQuery, Contracts.Team> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetTeamQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Team>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateTeamCommand, Contracts.Team> handler,
        Body<UpdateTeamRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateTeamRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteTeamCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteTeamCommand(id, ETag.IfMatch(ifMatch)), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Team>, ProblemHttpResult>> AddMember(
        Guid id,
        Guid userId,
        HttpResponse response,
        ICommandHandler<AddTeamMemberCommand, Contracts.Team> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new AddTeamMemberCommand(id, userId), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Team>, ProblemHttpResult>> RemoveMember(
        Guid id,
        Guid userId,
        HttpResponse response,
        ICommandHandler<RemoveTeamMemberCommand, Contracts.Team> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new RemoveTeamMemberCommand(id, userId), cancellationToken));
}
