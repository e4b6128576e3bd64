using MakCrm.Application.CustomFields;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class CustomFieldDefinitionEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/custom-field-definitions";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listCustomFieldDefinitions").SortedBy(CustomFieldDefinitionSorts.Catalog);
        group.MapPost("/", Create).WithName("createCustomFieldDefinition");
        group.MapGet("/{id:guid}", Get).WithName("getCustomFieldDefinition");
        group.MapPatch("/{id:guid}", Update).WithName("updateCustomFieldDefinition");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteCustomFieldDefinition");
    }

    private static async Task<Results<JsonOk<CustomFieldDefinitionPage>, ProblemHttpResult>> List(
        IQueryHandler<ListCustomFieldDefinitionsQuery, Page<Contracts.CustomFieldDefinition>> handler,
        [AsParameters] ListCustomFieldDefinitionsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListCustomFieldDefinitionsQuery(
            query.Entity?.Value,
            query.Archived,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), CustomFieldDefinitionPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.CustomFieldDefinition>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateCustomFieldDefinitionCommand, Contracts.CustomFieldDefinition> handler,
        Body<CreateCustomFieldDefinitionRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.CustomFieldDefinition>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetCustomFieldDefinitionQuery, Contracts.CustomFieldDefinition> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetCustomFieldDefinitionQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.CustomFieldDefinition>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateCustomFieldDefinitionCommand, Contracts.CustomFieldDefinition> handler,
        Body<UpdateCustomFieldDefinitionRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateCustomFieldDefinitionRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteCustomFieldDefinitionCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeleteCustomFieldDefinitionCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
