using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Invoices;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class CatalogueItemEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/catalogue-items";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listCatalogueItems").SortedBy(CatalogueItemSorts.Catalog);
        group.MapPost("/", Create).WithName("createCatalogueItem");
        group.MapGet("/{id:guid}", Get).WithName("getCatalogueItem");
        group.MapPatch("/{id:guid}", Update).WithName("updateCatalogueItem");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteCatalogueItem");
    }

    private static async Task<Results<JsonOk<CatalogueItemPage>, ProblemHttpResult>> List(
        IQueryHandler<ListCatalogueItemsQuery, Page<Contracts.CatalogueItem>> handler,
        [AsParameters] ListCatalogueItemsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListCatalogueItemsQuery(query.Archived, query.Sort, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), CatalogueItemPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.CatalogueItem>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateCatalogueItemCommand, Contracts.CatalogueItem> handler,
        Body<CreateCatalogueItemRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.CatalogueItem>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetCatalogueItemQuery, Contracts.CatalogueItem> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetCatalogueItemQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.CatalogueItem>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateCatalogueItemCommand, Contracts.CatalogueItem> handler,
        Body<UpdateCatalogueItemRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateCatalogueItemRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteCatalogueItemCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeleteCatalogueItemCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
