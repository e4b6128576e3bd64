using MakCrm.Application.Points;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Points: head office's rules, a user's balance, level, badges and entries, and the monthly
/// leaderboards.</summary>
internal sealed class PointsEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var points = app.MapGroup("/api/v1/points");
        points.MapGet("/rules", GetRules).WithName("getPointRules");
        points.MapPut("/rules", ReplaceRules).WithName("replacePointRules");
        points.MapGet("/leaderboard", Leaderboard).WithName("getPointsLeaderboard");

        var me = app.MapGroup("/api/v1/me/points");
        me.MapGet("/", MySummary).WithName("getMyPoints");
        me.MapGet("/entries", MyEntries).WithName("listMyPointsEntries");

        var users = app.MapGroup("/api/v1/users");
        users.MapGet("/{id:guid}/points", UserSummary).WithName("getUserPoints");
        users.MapGet("/{id:guid}/points/entries", UserEntries).WithName("listUserPointsEntries");
    }

    private static async Task<Results<JsonOk<PointRules>, ProblemHttpResult>> GetRules(
        HttpContext http,
        IQueryHandler<GetPointRulesQuery, PointRuleSetDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(http.Response, await handler.Handle(new GetPointRulesQuery(), cancellationToken), PointRules.From);

    private static async Task<Results<JsonOk<PointRules>, ProblemHttpResult>> ReplaceRules(
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<ReplacePointRulesCommand, PointRuleSetDto> handler,
        Body<ReplacePointRulesRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(ETag.IfMatch(ifMatch)), cancellationToken),
            PointRules.From
        );

    private static async Task<Results<JsonOk<PointsLeaderboard>, ProblemHttpResult>> Leaderboard(
        IQueryHandler<GetLeaderboardQuery, LeaderboardDto> handler,
        [AsParameters] GetPointsLeaderboardParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new GetLeaderboardQuery(query.Month, query.Role, query.Neighbours), cancellationToken),
            PointsLeaderboard.From
        );

    private static async Task<Results<JsonOk<PointsSummary>, ProblemHttpResult>> MySummary(
        IQueryHandler<GetPointsSummaryQuery, PointsSummaryDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetPointsSummaryQuery(null), cancellationToken), PointsSummary.From);

    private static async Task<Results<JsonOk<PointsEntryPage>, ProblemHttpResult>> MyEntries(
        IQueryHandler<ListPointsEntriesQuery, Page<Contracts.PointsEntry>> handler,
        [AsParameters] ListMyPointsEntriesParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListPointsEntriesQuery(null, query.Cursor, query.Limit), cancellationToken),
            PointsEntryPage.From
        );

    private static async Task<Results<JsonOk<PointsSummary>, ProblemHttpResult>> UserSummary(
        Guid id,
        IQueryHandler<GetPointsSummaryQuery, PointsSummaryDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetPointsSummaryQuery(id), cancellationToken), PointsSummary.From);

    private static async Task<Results<JsonOk<PointsEntryPage>, ProblemHttpResult>> UserEntries(
        Guid id,
        IQueryHandler<ListPointsEntriesQuery, Page<Contracts.PointsEntry>> handler,
        [AsParameters] ListUserPointsEntriesParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListPointsEntriesQuery(id, query.Cursor, query.Limit), cancellationToken),
            PointsEntryPage.From
        );
}
