using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.LeadReturns;
using MakCrm.Application.Ledger;
using MakCrm.Application.Organizations;
using LeadReturnStatus = MakCrm.Domain.LeadReturns.LeadReturnStatus;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using LedgerEntryKind = MakCrm.Domain.Ledger.LedgerEntryKind;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Franchisees' balances and ledgers, their grades, and returns of bought leads.</summary>
internal static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/organizations").WithTags("Organizations").RateLimitedPerCaller()
            .MapPut("/{id:guid}/grade", SetGrade).WithName("setOrganizationGrade").RequireAuthorization(PermissionPolicies.OrganizationsManage)
            .Accepts<SetOrganizationGradeRequest>("application/json").ProducesProblems(400, 401, 403, 404, 409, 413, 415);

        var ledger = app.MapGroup("/api/v1/ledger").WithTags("Ledger").RateLimitedPerCaller();
        ledger.MapGet("/balances", ListBalances).WithName("listBalances").RequireAuthorization(PermissionPolicies.LedgerRead).ProducesProblems(400, 401, 403);
        ledger.MapGet("/balances/{id:guid}", GetBalance).WithName("getBalance").RequireAuthorization(PermissionPolicies.LedgerRead).ProducesProblems(401, 403, 404);
        ledger.MapGet("/entries", ListEntries).WithName("listLedgerEntries").RequireAuthorization(PermissionPolicies.LedgerRead).ProducesProblems(400, 401, 403);
        ledger.MapGet("/entries/{id:guid}", GetEntry).WithName("getLedgerEntry").RequireAuthorization(PermissionPolicies.LedgerRead).ProducesProblems(401, 403, 404);
        ledger.MapPost("/deposits", RecordDeposit).WithName("recordDeposit").RequireAuthorization(PermissionPolicies.LedgerManage)
            .Accepts<RecordLedgerEntryRequest>("application/json").ProducesProblems(400, 401, 403, 413, 415);
        ledger.MapPost("/adjustments", RecordAdjustment).WithName("recordAdjustment").RequireAuthorization(PermissionPolicies.LedgerManage)
            .Accepts<RecordLedgerEntryRequest>("application/json").ProducesProblems(400, 401, 403, 409, 413, 415);

        app.MapGroup("/api/v1/leads/{id:guid}/returns").WithTags("Ledger").RateLimitedPerCaller()
            .MapPost("/", RequestReturn).WithName("requestLeadReturn").RequireAuthorization(PermissionPolicies.LeadReturnsCreate)
            .Accepts<CreateLeadReturnRequest>("application/json").ProducesProblems(400, 401, 403, 404, 409, 413, 415);

        var returns = app.MapGroup("/api/v1/lead-returns").WithTags("Ledger").RateLimitedPerCaller();
        returns.MapGet("/", ListReturns).WithName("listLeadReturns").RequireAuthorization(PermissionPolicies.LeadReturnsRead).ProducesProblems(400, 401, 403);
        returns.MapGet("/{id:guid}", GetReturn).WithName("getLeadReturn").RequireAuthorization(PermissionPolicies.LeadReturnsRead).ProducesProblems(401, 403, 404);
        returns.MapPost("/{id:guid}/accept", AcceptReturn).WithName("acceptLeadReturn").RequireAuthorization(PermissionPolicies.LeadReturnsDecide)
            .ProducesProblems(401, 403, 404, 409);
        returns.MapPost("/{id:guid}/reject", RejectReturn).WithName("rejectLeadReturn").RequireAuthorization(PermissionPolicies.LeadReturnsDecide)
            .Accepts<RejectLeadReturnRequest>("application/json").ProducesProblems(400, 401, 403, 404, 409, 413, 415);
        return app;
    }

    private static async Task<Results<Ok<Organization>, ProblemHttpResult>> SetGrade(
        Guid id, HttpContext http, ICommandHandler<SetOrganizationGradeCommand, OrganizationDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<SetOrganizationGradeRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        return Respond.Ok(http.Response, await handler.Handle(new SetOrganizationGradeCommand(id, body.Value.Value.Grade), cancellationToken), Organization.From);
    }

    private static async Task<Results<Ok<FranchiseeBalancePage>, ProblemHttpResult>> ListBalances(
        IQueryHandler<ListBalancesQuery, Page<FranchiseeBalanceDto>> handler,
        CancellationToken cancellationToken,
        string? grade = null,
        string? sort = null,
        string? cursor = null,
        int? limit = null) =>
        Respond.Value(await handler.Handle(new ListBalancesQuery(grade, sort, cursor, limit), cancellationToken), FranchiseeBalancePage.From);

    private static async Task<Results<Ok<FranchiseeBalance>, ProblemHttpResult>> GetBalance(
        Guid id, IQueryHandler<GetBalanceQuery, FranchiseeBalanceDto> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new GetBalanceQuery(id), cancellationToken), FranchiseeBalance.From);

    private static async Task<Results<Ok<LedgerEntryPage>, ProblemHttpResult>> ListEntries(
        IQueryHandler<ListLedgerEntriesQuery, Page<LedgerEntryDto>> handler,
        CancellationToken cancellationToken,
        Guid? organizationId = null,
        QueryEnum<LedgerEntryKind>[]? kind = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        Guid? lotId = null,
        Guid? leadId = null,
        string? sort = null,
        string? cursor = null,
        int? limit = null)
    {
        var errors = new QueryErrors();
        var kinds = errors.Enums("kind", kind);
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new ListLedgerEntriesQuery(organizationId, kinds, from, to, lotId, leadId, sort, cursor, limit);
        return Respond.Value(await handler.Handle(query, cancellationToken), LedgerEntryPage.From);
    }

    private static async Task<Results<Ok<LedgerEntry>, ProblemHttpResult>> GetEntry(
        Guid id, IQueryHandler<GetLedgerEntryQuery, LedgerEntryDto> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new GetLedgerEntryQuery(id), cancellationToken), LedgerEntry.From);

    private static Task<Results<Created<LedgerEntry>, ProblemHttpResult>> RecordDeposit(
        HttpContext http, ICommandHandler<RecordDepositCommand, LedgerEntryDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        RecordAsync(http, json, r => handler.Handle(new RecordDepositCommand(r.OrganizationId, r.Amount, r.Comment), cancellationToken), cancellationToken);

    private static Task<Results<Created<LedgerEntry>, ProblemHttpResult>> RecordAdjustment(
        HttpContext http, ICommandHandler<RecordAdjustmentCommand, LedgerEntryDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        RecordAsync(http, json, r => handler.Handle(new RecordAdjustmentCommand(r.OrganizationId, r.Amount, r.Comment), cancellationToken), cancellationToken);

    /// <summary>Entries never change, so a created one has a location but no ETag.</summary>
    private static async Task<Results<Created<LedgerEntry>, ProblemHttpResult>> RecordAsync(
        HttpContext http, IOptions<JsonOptions> json, Func<RecordLedgerEntryRequest, Task<Domain.Common.Result<LedgerEntryDto>>> record, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<RecordLedgerEntryRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var recorded = await record(body.Value.Value);
        return recorded.IsSuccess
            ? TypedResults.Created($"/api/v1/ledger/entries/{recorded.Value.Id}", LedgerEntry.From(recorded.Value))
            : Problems.From(recorded.Error!);
    }

    private static async Task<Results<Created<LeadReturn>, ProblemHttpResult>> RequestReturn(
        Guid id, HttpContext http, ICommandHandler<RequestLeadReturnCommand, LeadReturnDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<CreateLeadReturnRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var command = new RequestLeadReturnCommand(id, body.Value.Value.Reason, body.Value.Value.Comment);
        return Respond.Created(http.Response, "/api/v1/lead-returns", await handler.Handle(command, cancellationToken), LeadReturn.From);
    }

    private static async Task<Results<Ok<LeadReturnPage>, ProblemHttpResult>> ListReturns(
        IQueryHandler<ListLeadReturnsQuery, Page<LeadReturnDto>> handler,
        CancellationToken cancellationToken,
        QueryEnum<LeadReturnStatus>? status = null,
        Guid? leadId = null,
        Guid? organizationId = null,
        string? sort = null,
        string? cursor = null,
        int? limit = null)
    {
        var errors = new QueryErrors();
        var statusValue = errors.Enum("status", status);
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return Respond.Value(await handler.Handle(new ListLeadReturnsQuery(statusValue, leadId, organizationId, sort, cursor, limit), cancellationToken), LeadReturnPage.From);
    }

    private static async Task<Results<Ok<LeadReturn>, ProblemHttpResult>> GetReturn(
        Guid id, HttpResponse response, IQueryHandler<GetLeadReturnQuery, LeadReturnDto> handler, CancellationToken cancellationToken) =>
        Respond.Ok(response, await handler.Handle(new GetLeadReturnQuery(id), cancellationToken), LeadReturn.From);

    private static async Task<Results<Ok<LeadReturn>, ProblemHttpResult>> AcceptReturn(
        Guid id, HttpResponse response, ICommandHandler<AcceptLeadReturnCommand, LeadReturnDto> handler, CancellationToken cancellationToken) =>
        Respond.Ok(response, await handler.Handle(new AcceptLeadReturnCommand(id), cancellationToken), LeadReturn.From);

    private static async Task<Results<Ok<LeadReturn>, ProblemHttpResult>> RejectReturn(
        Guid id, HttpContext http, ICommandHandler<RejectLeadReturnCommand, LeadReturnDto> handler, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<RejectLeadReturnRequest>(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        return Respond.Ok(http.Response, await handler.Handle(new RejectLeadReturnCommand(id, body.Value.Value.Reason), cancellationToken), LeadReturn.From);
    }
}
