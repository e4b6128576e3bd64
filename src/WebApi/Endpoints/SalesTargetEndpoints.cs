using MakCrm.Application.Targets;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Monthly sales targets of organizations and their users, each with its attainment.</summary>
internal sealed class SalesTargetEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/sales-targets";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listSalesTargets").SortedBy(SalesTargetSorts.Catalog);
        group.MapPost("/", Create).WithName("createSalesTarget");
        group.MapGet("/{id:guid}", Get).WithName("getSalesTarget");
        group.MapPatch("/{id:guid}", Update).WithName("updateSalesTarget");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteSalesTarget");
    }

    private static async Task<Results<JsonOk<SalesTargetPage>, ProblemHttpResult>> List(
        IQueryHandler<ListSalesTargetsQuery, Page<Contracts.SalesTarget>> handler,
        [AsParameters] ListSalesTargetsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListSalesTargetsQuery(
            query.OrganizationId,
            query.UserId,
            query.Level?.Value,
            query.MonthFrom,
            query.MonthTo,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), SalesTargetPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.SalesTarget>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateSalesTargetCommand, Contracts.SalesTarget> handler,
        Body<CreateSalesTargetRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.SalesTarget>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetSalesTargetQuery, Contracts.SalesTarget> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetSalesTargetQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.SalesTarget>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateSalesTargetCommand, Contracts.SalesTarget> handler,
        Body<UpdateSalesTargetRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateSalesTargetRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteSalesTargetCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeleteSalesTargetCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
