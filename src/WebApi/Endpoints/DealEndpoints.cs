using MakCrm.Application.Deals;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class DealEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/deals");
        group.MapGet("/", List).WithName("listDeals").SortedBy(DealSorts.Catalog);
        group.MapPost("/", Create).WithName("createDeal");
        group.MapGet("/{id:guid}", Get).WithName("getDeal");
        group.MapPatch("/{id:guid}", Update).WithName("updateDeal");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteDeal");
        group.MapPost("/{id:guid}/moves", Move).WithName("moveDeal");
        group.MapGet("/{id:guid}/stage-history", History).WithName("getDealStageHistory");
        group.MapPut("/{id:guid}/loan", RecordLoanIssue).WithName("recordLoanIssue");
        group.MapPut("/{id:guid}/loan/cancellation", CancelLoanIssue).WithName("cancelLoanIssue");
    }

    private static async Task<Results<JsonOk<Contracts.Deal>, ProblemHttpResult>> RecordLoanIssue(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<RecordLoanIssueCommand, DealDto> handler,
        Body<RecordLoanIssueRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken),
            Contracts.Deal.From
        );

    private static async Task<Results<JsonOk<Contracts.Deal>, ProblemHttpResult>> CancelLoanIssue(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<CancelLoanIssueCommand, DealDto> handler,
        Body<CancelLoanIssueRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken),
            Contracts.Deal.From
        );

    private static async Task<Results<JsonOk<DealPage>, ProblemHttpResult>> List(
        IQueryHandler<ListDealsQuery, Page<DealDto>> handler,
        [AsParameters] ListDealsParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListDealsQuery(
            query.PipelineId,
            query.StageId,
            query.ResponsibleUserId,
            query.ClientId,
            query.LeadId,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.UpdatedFrom,
            query.UpdatedTo,
            query.Q,
            query.AmountMin,
            query.AmountMax,
            query.CreatedFrom,
            query.CreatedTo,
            query.ClosedFrom,
            query.ClosedTo,
            query.State?.Value,
            query.Cf,
            query.WithTotal,
            query.CfSort
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), DealPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Deal>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateDealCommand, DealDto> handler,
        Body<CreateDealRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/deals",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Contracts.Deal.From
        );

    private static async Task<Results<JsonOk<Contracts.Deal>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetDealQuery, DealDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetDealQuery(id), cancellationToken), Contracts.Deal.From);

    private static async Task<Results<JsonOk<Contracts.Deal>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateDealCommand, DealDto> handler,
        Body<UpdateDealRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateDealRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.Deal.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteDealCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteDealCommand(id, ETag.IfMatch(ifMatch)), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Deal>, ProblemHttpResult>> Move(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<MoveDealCommand, DealDto> handler,
        Body<MoveDealRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = new MoveDealCommand(id, body.Value.StageId, ETag.IfMatch(ifMatch));
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.Deal.From);
    }

    private static async Task<Results<JsonOk<DealStageHistory>, ProblemHttpResult>> History(
        Guid id,
        IQueryHandler<GetDealStageHistoryQuery, Page<DealStageChangeDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(await handler.Handle(new GetDealStageHistoryQuery(id), cancellationToken), DealStageHistory.From);
}
