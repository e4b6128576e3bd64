using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Points;
using MakCrm.Domain.Access;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Points: head office's rules, a user's balance, level, badges and entries, and the monthly leaderboards.</summary>
internal sealed class PointsEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var points = app.MapGroup("/api/v1/points").WithTags("Points").RateLimitedPerCaller();
        points.MapGet("/rules", GetRules).WithName("getPointRules").RequireAuthorization(Permissions.PointsManage).ProducesProblems(401, 403);
        points.MapPut("/rules", ReplaceRules).WithName("replacePointRules").RequireAuthorization(Permissions.PointsManage)
            .RequiresIfMatch().ProducesProblems(400, 401, 403, 412, 413, 415, 428);
        points.MapGet("/leaderboard", Leaderboard).WithName("getPointsLeaderboard").RequireAuthorization(Permissions.PointsRead).ProducesProblems(400, 401, 403);

        var me = app.MapGroup("/api/v1/me/points").WithTags("Points").RateLimitedPerCaller();
        me.MapGet("/", MySummary).WithName("getMyPoints").RequireAuthorization(Permissions.PointsRead).ProducesProblems(401, 403, 404);
        me.MapGet("/entries", MyEntries).WithName("listMyPointsEntries").RequireAuthorization(Permissions.PointsRead).ProducesProblems(400, 401, 403, 404);

        var users = app.MapGroup("/api/v1/users").WithTags("Points").RateLimitedPerCaller();
        users.MapGet("/{id:guid}/points", UserSummary).WithName("getUserPoints").RequireAuthorization(Permissions.PointsManage).ProducesProblems(401, 403, 404);
        users.MapGet("/{id:guid}/points/entries", UserEntries).WithName("listUserPointsEntries").RequireAuthorization(Permissions.PointsManage)
            .ProducesProblems(400, 401, 403, 404);
    }

    private static async Task<Results<Ok<PointRules>, ProblemHttpResult>> GetRules(
        HttpContext http, IQueryHandler<GetPointRulesQuery, PointRuleSetDto> handler, CancellationToken cancellationToken) =>
        Respond.Ok(http.Response, await handler.Handle(new GetPointRulesQuery(), cancellationToken), PointRules.From);

    private static async Task<Results<Ok<PointRules>, ProblemHttpResult>> ReplaceRules(
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<ReplacePointRulesCommand, PointRuleSetDto> handler,
        Body<ReplacePointRulesRequest> body,
        CancellationToken cancellationToken) =>
        Respond.Ok(http.Response, await handler.Handle(body.Value.ToCommand(ETag.IfMatch(ifMatch)), cancellationToken), PointRules.From);

    private static async Task<Results<Ok<PointsLeaderboard>, ProblemHttpResult>> Leaderboard(
        IQueryHandler<GetLeaderboardQuery, LeaderboardDto> handler, CancellationToken cancellationToken, string? month = null, string? role = null, int? neighbours = null) =>
        Respond.Value(await handler.Handle(new GetLeaderboardQuery(month, role, neighbours), cancellationToken), PointsLeaderboard.From);

    private static async Task<Results<Ok<PointsSummary>, ProblemHttpResult>> MySummary(
        IQueryHandler<GetPointsSummaryQuery, PointsSummaryDto> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new GetPointsSummaryQuery(null), cancellationToken), PointsSummary.From);

    private static async Task<Results<Ok<PointsEntryPage>, ProblemHttpResult>> MyEntries(
        IQueryHandler<ListPointsEntriesQuery, Page<PointsEntryDto>> handler, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        Respond.Value(await handler.Handle(new ListPointsEntriesQuery(null, cursor, limit), cancellationToken), PointsEntryPage.From);

    private static async Task<Results<Ok<PointsSummary>, ProblemHttpResult>> UserSummary(
        Guid id, IQueryHandler<GetPointsSummaryQuery, PointsSummaryDto> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new GetPointsSummaryQuery(id), cancellationToken), PointsSummary.From);

    private static async Task<Results<Ok<PointsEntryPage>, ProblemHttpResult>> UserEntries(
        Guid id, IQueryHandler<ListPointsEntriesQuery, Page<PointsEntryDto>> handler, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        Respond.Value(await handler.Handle(new ListPointsEntriesQuery(id, cursor, limit), cancellationToken), PointsEntryPage.From);
}
