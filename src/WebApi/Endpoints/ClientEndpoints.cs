using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Clients;
using MakCrm.Application.Common;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
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
        group.MapPatch("/{id:guid}", Update).WithName("updateClient");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteClient");
    }

    private static async Task<Results<JsonOk<ClientPage>, ProblemHttpResult>> List(
        IQueryHandler<ListClientsQuery, Page<ClientDto>> handler,
        [AsParameters] ClientFilterParameters filter,
        CancellationToken cancellationToken,
        string? sort = null,
        string? cursor = null,
        int? limit = null,
        string? externalRef = null,
        DateTimeOffset? updatedFrom = null,
        DateTimeOffset? updatedTo = null
    )
    {
        if (filter.Validate(out var processingMethods) is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new ListClientsQuery(
            filter.Q,
            filter.Source,
            processingMethods,
            filter.Tag,
            filter.HasConsent,
            filter.City,
            filter.CreatedFrom,
            filter.CreatedTo,
            sort,
            cursor,
            limit,
            externalRef,
            updatedFrom,
            updatedTo
        );
        return Respond.Value(await handler.Handle(query, cancellationToken), ClientPage.From);
    }

    private static async Task<Results<JsonOk<ClientSegments>, ProblemHttpResult>> Segments(
        IQueryHandler<GetClientSegmentsQuery, ClientSegmentsDto> handler,
        [AsParameters] ClientFilterParameters filter,
        CancellationToken cancellationToken
    )
    {
        if (filter.Validate(out var processingMethods) is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new GetClientSegmentsQuery(
            filter.Q,
            filter.Source,
            processingMethods,
            filter.Tag,
            filter.HasConsent,
            filter.City,
            filter.CreatedFrom,
            filter.CreatedTo
        );
        return Respond.Value(await handler.Handle(query, cancellationToken), ClientSegments.From);
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

/// <summary>The query parameters that the client list and the client segmentation share.</summary>
internal sealed class ClientFilterParameters
{
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    [FromQuery(Name = "source")]
    public string[]? Source { get; init; }

    [FromQuery(Name = "processingMethod")]
    public QueryEnum<ProcessingMethod>[]? ProcessingMethod { get; init; }

    [FromQuery(Name = "tag")]
    public string[]? Tag { get; init; }

    [FromQuery(Name = "hasConsent")]
    public bool? HasConsent { get; init; }

    [FromQuery(Name = "city")]
    public string? City { get; init; }

    [FromQuery(Name = "createdFrom")]
    public DateTimeOffset? CreatedFrom { get; init; }

    [FromQuery(Name = "createdTo")]
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>The values that bound but are not valid, as field errors; otherwise the processing methods asked
    /// for.</summary>
    public Error? Validate(out IReadOnlyList<ProcessingMethod>? processingMethods)
    {
        var errors = new QueryErrors();
        processingMethods = errors.Enums("processingMethod", ProcessingMethod);
        return errors.AsError();
    }
}
