using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Automation;
using MakCrm.Application.Common;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class AutomationRuleEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/automation-rules";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listAutomationRules").SortedBy(AutomationRuleSorts.Catalog);
        group.MapPost("/", Create).WithName("createAutomationRule");
        group.MapGet("/{id:guid}", Get).WithName("getAutomationRule");
        group.MapPatch("/{id:guid}", Update).WithName("updateAutomationRule");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteAutomationRule");
        group.MapPost("/{id:guid}/dry-run", DryRun).WithName("dryRunAutomationRule");
        app.MapGet("/api/v1/automation-runs", ListRuns).WithName("listAutomationRuns");
    }

    private static async Task<Results<JsonOk<AutomationRunPage>, ProblemHttpResult>> ListRuns(
        IQueryHandler<ListAutomationRunsQuery, Page<Contracts.AutomationRun>> handler,
        [AsParameters] ListAutomationRunsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListAutomationRunsQuery(
            query.RuleId,
            query.Outcome?.Value,
            query.SubjectId,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), AutomationRunPage.From);
    }

    private static async Task<Results<JsonOk<AutomationRulePage>, ProblemHttpResult>> List(
        IQueryHandler<ListAutomationRulesQuery, Page<Contracts.AutomationRule>> handler,
        [AsParameters] ListAutomationRulesParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListAutomationRulesQuery(
            query.Enabled,
            query.Trigger?.Value,
            query.OrganizationId,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), AutomationRulePage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.AutomationRule>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateAutomationRuleCommand, Contracts.AutomationRule> handler,
        Body<CreateAutomationRuleRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AutomationRule>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetAutomationRuleQuery, Contracts.AutomationRule> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetAutomationRuleQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AutomationRule>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateAutomationRuleCommand, Contracts.AutomationRule> handler,
        Body<UpdateAutomationRuleRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateAutomationRuleRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteAutomationRuleCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeleteAutomationRuleCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );

    private static async Task<Results<JsonOk<Contracts.AutomationDryRun>, ProblemHttpResult>> DryRun(
        Guid id,
        IQueryHandler<DryRunAutomationRuleQuery, AutomationDryRunDto> handler,
        Body<AutomationDryRunRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new DryRunAutomationRuleQuery(id, body.Value.SubjectId), cancellationToken),
            Contracts.AutomationDryRun.From
        );
}
