using MakCrm.Application.Auction;
using MakCrm.Contracts;
using MakCrm.Domain.Auction;
using MakCrm.Infrastructure.Observability;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class AuctionEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/lots");
        group.MapGet("/", List).WithName("listLots").SortedBy(LotSorts.Lots);
        group.MapPost("/", Create).WithName("createLot");
        group.MapGet("/{id:guid}", Get).WithName("getLot");
        group.MapGet("/{id:guid}/live", Live).WithName("getLotLiveState").Produces(StatusCodes.Status304NotModified);
        group.MapGet("/{id:guid}/bids", ListBids).WithName("listLotBids");
        group.MapPost("/{id:guid}/bids", PlaceBid).WithName("placeBid");
    }

    private static async Task<Results<JsonOk<LotPage>, ProblemHttpResult>> List(
        IQueryHandler<ListLotsQuery, Page<LotView>> handler,
        [AsParameters] ListLotsParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListLotsQuery(query.Status?.Value, query.LeadId, query.Sort, query.Cursor, query.Limit),
                cancellationToken
            ),
            LotPage.From
        );
    }

    private static async Task<Results<JsonCreated<Contracts.Lot>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateLotCommand, LotView> handler,
        Body<CreateLotRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/lots",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Contracts.Lot.From
        );

    private static async Task<Results<JsonOk<Contracts.Lot>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetLotQuery, LotView> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetLotQuery(id), cancellationToken), Contracts.Lot.From);

    /// <summary>Polled every second: answers 304 while the caller's <c>If-None-Match</c> still names the
    /// state.</summary>
    private static async Task<Results<JsonOk<Contracts.LotLiveState>, StatusCodeHttpResult, ProblemHttpResult>> Live(
        Guid id,
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        HttpResponse response,
        IQueryHandler<GetLotLiveStateQuery, Application.Auction.LotLiveState> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Conditional(
            response,
            ifNoneMatch,
            await handler.Handle(new GetLotLiveStateQuery(id), cancellationToken),
            state => state.EntityTag,
            Contracts.LotLiveState.From
        );

    private static async Task<Results<JsonOk<LotBidPage>, ProblemHttpResult>> ListBids(
        Guid id,
        IQueryHandler<ListLotBidsQuery, Page<LotBidView>> handler,
        [AsParameters] ListLotBidsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListLotBidsQuery(id, query.Cursor, query.Limit), cancellationToken),
            LotBidPage.From
        );

    private static async Task<Results<JsonCreated<Contracts.Bid>, ProblemHttpResult>> PlaceBid(
        Guid id,
        ICommandHandler<PlaceBidCommand, Contracts.Bid> handler,
        Body<PlaceBidRequest> body,
        CancellationToken cancellationToken
    )
    {
        // A retry with the same Idempotency-Key is answered by the idempotency middleware before this runs.
        var result = await handler.Handle(new PlaceBidCommand(id, body.Value.Amount), cancellationToken);
        MakMetrics.BidPlaced(result.IsSuccess ? "accepted" : result.Error!.Code);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        return JsonAnswer.Created($"/api/v1/lots/{id}/bids", result.Value);
    }
}
