using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.ClientSources;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal static class ClientSourceEndpoints
{
    public static RouteGroupBuilder MapClientSourceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/client-sources").WithTags("Clients").RateLimitedPerCaller();
        group.MapGet("/", List).WithName("listClientSources").RequireAuthorization(PermissionPolicies.ClientsRead).ProducesProblems(401, 403);
        group.MapPost("/", Create).WithName("createClientSource").RequireAuthorization(PermissionPolicies.ClientSourcesManage)
            .Accepts<CreateClientSourceRequest>("application/json").ProducesProblems(400, 401, 403, 409, 413, 415);
        group.MapPatch("/{code}", Update).WithName("updateClientSource").RequireAuthorization(PermissionPolicies.ClientSourcesManage)
            .Accepts<UpdateClientSourceRequest>("application/merge-patch+json", "application/json")
            .RequiresIfMatch().ProducesProblems(400, 401, 403, 404, 412, 413, 415, 428);
        return group;
    }

    private static async Task<Results<Ok<ClientSourceList>, ProblemHttpResult>> List(
        IQueryHandler<ListClientSourcesQuery, IReadOnlyList<ClientSourceDto>> handler,
        CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new ListClientSourcesQuery(), cancellationToken), ClientSourceList.From);

    private static async Task<Results<Created<Contracts.ClientSource>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateClientSourceCommand, ClientSourceDto> handler,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<CreateClientSourceRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var result = await handler.Handle(body.Value.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return TypedResults.Created($"/api/v1/client-sources/{result.Value.Code}", Contracts.ClientSource.From(result.Value));
    }

    private static async Task<Results<Ok<Contracts.ClientSource>, ProblemHttpResult>> Update(
        string code,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateClientSourceCommand, ClientSourceDto> handler,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<UpdateClientSourceRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var command = UpdateClientSourceRequest.ToCommand(code, ETag.IfMatch(ifMatch), body.Value);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.ClientSource.From);
    }
}
