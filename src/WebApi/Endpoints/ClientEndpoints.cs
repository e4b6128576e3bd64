using MakCrm.Application.Clients;
using MakCrm.Application.LeadTimeline;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class ClientEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/clients");
        group.MapGet("/", List).WithName("listClients").SortedBy(ClientSorts.Catalog);
        group.MapGet("/segments", Segments).WithName("getClientSegments");
        group.MapPost("/", Create).WithName("createClient");
        group.MapGet("/{id:guid}", Get).WithName("getClient");
        group.MapGet("/{id:guid}/timeline", Timeline).WithName("getClientTimeline");
        group.MapPatch("/{id:guid}", Update).WithName("updateClient");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteClient");
    }

    private static async Task<Results<JsonOk<ClientPage>, ProblemHttpResult>> List(
        IQueryHandler<ListClientsQuery, Page<ClientDto>> handler,
        [AsParameters] ListClientsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListClientsQuery(
            query.Q,
            query.Source,
            query.ProcessingMethod.Values(),
            query.Tag,
            query.HasConsent,
            query.City,
            query.CreatedFrom,
            query.CreatedTo,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.ExternalRef,
            query.UpdatedFrom,
            query.UpdatedTo,
            query.Cf,
            query.WithTotal,
            query.CfSort
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), ClientPage.From);
    }

    private static async Task<Results<JsonOk<TimelinePage>, ProblemHttpResult>> Timeline(
        Guid id,
        IQueryHandler<GetClientTimelineQuery, Page<TimelineItemDto>> handler,
        [AsParameters] GetClientTimelineParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new GetClientTimelineQuery(id, query.Cursor, query.Limit), cancellationToken),
            TimelinePage.From
        );

    private static async Task<Results<JsonOk<ClientSegments>, ProblemHttpResult>> Segments(
        IQueryHandler<GetClientSegmentsQuery, ClientSegmentsDto> handler,
        [AsParameters] GetClientSegmentsParameters query,
        CancellationToken cancellationToken
    )
    {
        var segments = new GetClientSegmentsQuery(
            query.Q,
            query.Source,
            query.ProcessingMethod.Values(),
            query.Tag,
            query.HasConsent,
            query.City,
            query.CreatedFrom,
            query.CreatedTo
        );
        return Respond.Value(await handler.Handle(segments, cancellationToken), ClientSegments.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Client>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateClientCommand, ClientDto> handler,
        Body<CreateClientRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/clients",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Contracts.Client.From
        );

    private static async Task<Results<JsonOk<Contracts.Client>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetClientQuery, ClientDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetClientQuery(id), cancellationToken), Contracts.Client.From);

    private static async Task<Results<JsonOk<Contracts.Client>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateClientCommand, ClientDto> handler,
        Body<UpdateClientRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateClientRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.Client.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteClientCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteClientCommand(id, ETag.IfMatch(ifMatch)), cancellationToken));
}
