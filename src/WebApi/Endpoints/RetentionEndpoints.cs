using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Retention;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using RetentionDataKind = MakCrm.Domain.Retention.RetentionDataKind;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Retention rules, legal holds and the destruction runs with their acts.</summary>
internal sealed class RetentionEndpoints : IEndpointGroup
{
    private const string HoldsPath = "/api/v1/legal-holds";

    public void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/retention-rules");
        rules.MapGet("/", ListRules).WithName("listRetentionRules");
        rules.MapPatch("/{kind}", UpdateRule).WithName("updateRetentionRule");

        var holds = app.MapGroup(HoldsPath);
        holds.MapGet("/", ListHolds).WithName("listLegalHolds");
        holds.MapPost("/", CreateHold).WithName("createLegalHold");
        holds.MapDelete("/{id:guid}", DeleteHold).WithName("deleteLegalHold");

        var runs = app.MapGroup("/api/v1/destruction-runs");
        runs.MapGet("/", ListRuns).WithName("listDestructionRuns");
        runs.MapGet("/due", ListDue).WithName("listDueDestructions");
        runs.MapGet("/{id:guid}", GetRun).WithName("getDestructionRun");
    }

    private static async Task<Results<JsonOk<RetentionRuleList>, ProblemHttpResult>> ListRules(
        IQueryHandler<ListRetentionRulesQuery, RetentionRuleList> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListRetentionRulesQuery(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.RetentionRule>, ProblemHttpResult>> UpdateRule(
        string kind,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateRetentionRuleCommand, Contracts.RetentionRule> handler,
        Body<UpdateRetentionRuleRequest> body,
        CancellationToken cancellationToken
    )
    {
        if (SnakeCaseNames<RetentionDataKind>.Parse(kind) is not { } parsed)
        {
            return Respond.Ok(
                response,
                Result<Contracts.RetentionRule>.Failure(
                    new Error(
                        ErrorCodes.NotFound,
                        $"There is no retention rule '{kind}': the kinds are "
                            + $"{SnakeCaseNames<RetentionDataKind>.Allowed}.",
                        ErrorKind.NotFound
                    )
                )
            );
        }

        var command = UpdateRetentionRuleRequest.ToCommand(parsed, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<JsonOk<LegalHoldPage>, ProblemHttpResult>> ListHolds(
        IQueryHandler<ListLegalHoldsQuery, Page<Contracts.LegalHold>> handler,
        [AsParameters] ListLegalHoldsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListLegalHoldsQuery(query.ClientId, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), LegalHoldPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.LegalHold>, ProblemHttpResult>> CreateHold(
        HttpContext http,
        ICommandHandler<CreateLegalHoldCommand, Contracts.LegalHold> handler,
        Body<CreateLegalHoldRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, HoldsPath, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteHold(
        Guid id,
        ICommandHandler<DeleteLegalHoldCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteLegalHoldCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<DestructionRunPage>, ProblemHttpResult>> ListRuns(
        IQueryHandler<ListDestructionRunsQuery, Page<Contracts.DestructionRun>> handler,
        [AsParameters] ListDestructionRunsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListDestructionRunsQuery(query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), DestructionRunPage.From);
    }

    private static async Task<Results<JsonOk<DueDestructionList>, ProblemHttpResult>> ListDue(
        IQueryHandler<ListDueDestructionsQuery, DueDestructionList> handler,
        [AsParameters] ListDueDestructionsParameters query,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListDueDestructionsQuery(query.Limit), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.DestructionRun>, ProblemHttpResult>> GetRun(
        Guid id,
        IQueryHandler<GetDestructionRunQuery, Contracts.DestructionRun> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetDestructionRunQuery(id), cancellationToken));
}
