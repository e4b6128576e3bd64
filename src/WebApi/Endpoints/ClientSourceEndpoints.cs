using MakCrm.Application.ClientSources;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class ClientSourceEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/client-sources");
        group.MapGet("/", List).WithName("listClientSources");
        group.MapPost("/", Create).WithName("createClientSource");
        group.MapPatch("/{code}", Update).WithName("updateClientSource");
    }

    private static async Task<Results<JsonOk<ClientSourceList>, ProblemHttpResult>> List(
        IQueryHandler<ListClientSourcesQuery, IReadOnlyList<ClientSourceDto>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListClientSourcesQuery(), cancellationToken), ClientSourceList.From);

    private static async Task<Results<JsonCreated<Contracts.ClientSource>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateClientSourceCommand, ClientSourceDto> handler,
        Body<CreateClientSourceRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return JsonAnswer.Created(
            $"/api/v1/client-sources/{result.Value.Code}",
            Contracts.ClientSource.From(result.Value)
        );
    }

    private static async Task<Results<JsonOk<Contracts.ClientSource>, ProblemHttpResult>> Update(
        string code,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateClientSourceCommand, ClientSourceDto> handler,
        Body<UpdateClientSourceRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateClientSourceRequest.ToCommand(code, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.ClientSource.From);
    }
}
