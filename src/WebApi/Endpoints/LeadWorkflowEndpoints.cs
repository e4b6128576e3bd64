using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.LeadStatuses;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Lead statuses (admin-configured, with their transitions), and a lead's comments and timeline.</summary>
internal static class LeadWorkflowEndpoints
{
    public static IEndpointRouteBuilder MapLeadWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var statuses = app.MapGroup("/api/v1/lead-statuses").WithTags("Leads").RateLimitedPerCaller();
        statuses.MapGet("/", ListStatuses).WithName("listLeadStatuses").RequireAuthorization(PermissionPolicies.LeadsRead).ProducesProblems(401, 403);
        statuses.MapPost("/", CreateStatus).WithName("createLeadStatus").RequireAuthorization(PermissionPolicies.LeadStatusesManage)
            .Accepts<CreateLeadStatusRequest>("application/json").ProducesProblems(400, 401, 403, 409, 413, 415);
        statuses.MapPatch("/{code}", UpdateStatus).WithName("updateLeadStatus").RequireAuthorization(PermissionPolicies.LeadStatusesManage)
            .Accepts<UpdateLeadStatusRequest>("application/merge-patch+json", "application/json").ProducesProblems(400, 401, 403, 404, 412, 413, 415);
        statuses.MapDelete("/{code}", DeleteStatus).WithName("deleteLeadStatus").RequireAuthorization(PermissionPolicies.LeadStatusesManage)
            .ProducesProblems(400, 401, 403, 404, 409, 412);

        var lead = app.MapGroup("/api/v1/leads/{id:guid}").WithTags("Leads").RateLimitedPerCaller();
        lead.MapGet("/comments", ListComments).WithName("listLeadComments").RequireAuthorization(PermissionPolicies.LeadsRead).ProducesProblems(400, 401, 403, 404);
        lead.MapPost("/comments", AddComment).WithName("addLeadComment").RequireAuthorization(PermissionPolicies.LeadsWrite)
            .Accepts<CreateLeadCommentRequest>("application/json").ProducesProblems(400, 401, 403, 404, 413, 415);
        lead.MapGet("/timeline", Timeline).WithName("getLeadTimeline").RequireAuthorization(PermissionPolicies.LeadsRead).ProducesProblems(400, 401, 403, 404);
        return app;
    }

    private static async Task<Results<Ok<LeadStatusList>, ProblemHttpResult>> ListStatuses(
        IQueryHandler<ListLeadStatusesQuery, IReadOnlyList<LeadStatusDto>> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new ListLeadStatusesQuery(), cancellationToken), LeadStatusList.From);

    private static async Task<Results<Created<LeadStatus>, ProblemHttpResult>> CreateStatus(
        HttpContext http, ICommandHandler<CreateLeadStatusCommand, LeadStatusDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<CreateLeadStatusRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var result = await handler.Handle(body.Value.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return TypedResults.Created($"/api/v1/lead-statuses/{result.Value.Code}", LeadStatus.From(result.Value));
    }

    private static async Task<Results<Ok<LeadStatus>, ProblemHttpResult>> UpdateStatus(
        string code,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateLeadStatusCommand, LeadStatusDto> handler,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<UpdateLeadStatusRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var command = UpdateLeadStatusRequest.ToCommand(code, ETag.IfMatch(ifMatch), body.Value);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), LeadStatus.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStatus(
        string code, [FromHeader(Name = "If-Match")] string? ifMatch, ICommandHandler<DeleteLeadStatusCommand, Unit> handler, CancellationToken cancellationToken) =>
        Respond.NoContent(await handler.Handle(new DeleteLeadStatusCommand(code, ETag.IfMatch(ifMatch)), cancellationToken));

    private static async Task<Results<Ok<LeadCommentPage>, ProblemHttpResult>> ListComments(
        Guid id, IQueryHandler<ListLeadCommentsQuery, Page<LeadCommentDto>> handler, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        Respond.Value(await handler.Handle(new ListLeadCommentsQuery(id, cursor, limit), cancellationToken), LeadCommentPage.From);

    private static async Task<Results<Created<LeadComment>, ProblemHttpResult>> AddComment(
        Guid id, HttpContext http, ICommandHandler<AddLeadCommentCommand, LeadCommentDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<CreateLeadCommentRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        // Comments have no URL of their own (they are read in the lead's lists), so no Location.
        var result = await handler.Handle(new AddLeadCommentCommand(id, body.Value.Value.Text), cancellationToken);
        return result.IsSuccess ? TypedResults.Created((string?)null, LeadComment.From(result.Value)) : Problems.From(result.Error!);
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> Timeline(
        Guid id, IQueryHandler<GetLeadTimelineQuery, Page<TimelineItemDto>> handler, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        Respond.Value(await handler.Handle(new GetLeadTimelineQuery(id, cursor, limit), cancellationToken), TimelinePage.From);
}
