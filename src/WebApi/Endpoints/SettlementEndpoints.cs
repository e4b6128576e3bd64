using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents;
using MakCrm.Application.Settlements;
using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Settlements;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Settlement acts: head office drafts, issues and pays them; the partner reads and accepts its own.</summary>
internal sealed class SettlementEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/settlements";

    public void Map(IEndpointRouteBuilder app)
    {
        var acts = app.MapGroup(Path);
        acts.MapGet("/", List).WithName("listSettlementActs");
        acts.MapGet("/export", Export).WithName("exportSettlementActs").ProducesFile();
        acts.MapGet("/payment-orders", PaymentOrders)
            .WithName("exportSettlementPaymentOrders")
            .RequiresRecentTwoFactor()
            .Produces(StatusCodes.Status200OK, typeof(Stream), "text/plain");
        acts.MapGet("/enterprise-data", EnterpriseDataMessage)
            .WithName("exportSettlementEnterpriseData")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/xml");
        acts.MapPost("/", Draft).WithName("draftSettlementAct");
        acts.MapGet("/{id:guid}", Get).WithName("getSettlementAct");
        acts.MapDelete("/{id:guid}", Discard).WithName("discardSettlementAct");
        acts.MapPost("/{id:guid}/issue", Issue).WithName("issueSettlementAct");
        acts.MapPost("/{id:guid}/acceptance-code", RequestCode).WithName("requestSettlementAcceptanceCode");
        acts.MapPost("/{id:guid}/acceptance", Accept).WithName("acceptSettlementAct");
        app.MapGroup("/api/v1/organizations")
            .MapPost("/{id:guid}/reconciliation-statements", CreateReconciliation)
            .WithName("createReconciliationStatement");
        acts.MapPost("/{id:guid}/payout", Payout).WithName("recordSettlementPayout");
    }

    private static async Task<Results<JsonOk<SettlementActPage>, ProblemHttpResult>> List(
        IQueryHandler<ListSettlementActsQuery, Page<Contracts.SettlementAct>> handler,
        [AsParameters] ListSettlementActsParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListSettlementActsQuery(query.OrganizationId, query.Status?.Value, query.Cursor, query.Limit),
                cancellationToken
            ),
            SettlementActPage.From
        );
    }

    private static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> Export(
        IQueryHandler<ExportSettlementActsQuery, TableExport> handler,
        IDocumentRenderer renderer,
        TimeProvider clock,
        [AsParameters] ExportSettlementActsParameters query,
        CancellationToken cancellationToken
    )
    {
        var format = query.Format?.Value ?? Contracts.ExportFormat.Csv;
        var export = new ExportSettlementActsQuery(query.From, query.To, query.OrganizationId, format);
        return await ExportEndpoints.FileAsync(
            await handler.Handle(export, cancellationToken),
            format,
            renderer,
            clock,
            cancellationToken
        );
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PaymentOrders(
        IQueryHandler<ExportSettlementPaymentOrdersQuery, SettlementFile> handler,
        [AsParameters] ExportSettlementPaymentOrdersParameters query,
        CancellationToken cancellationToken
    )
    {
        var orders = new ExportSettlementPaymentOrdersQuery(query.From, query.To, query.OrganizationId);
        return FileOf(await handler.Handle(orders, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> EnterpriseDataMessage(
        IQueryHandler<ExportSettlementEnterpriseDataQuery, SettlementFile> handler,
        [AsParameters] ExportSettlementEnterpriseDataParameters query,
        CancellationToken cancellationToken
    )
    {
        var message = new ExportSettlementEnterpriseDataQuery(query.From, query.To, query.OrganizationId);
        return FileOf(await handler.Handle(message, cancellationToken));
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> FileOf(Result<SettlementFile> file) =>
        file.IsSuccess
            ? TypedResults.File(file.Value.Content, file.Value.ContentType, file.Value.FileName)
            : Problems.From(file.Error!);

    private static async Task<Results<JsonCreated<Contracts.SettlementAct>, ProblemHttpResult>> Draft(
        HttpContext http,
        ICommandHandler<DraftSettlementActCommand, Contracts.SettlementAct> handler,
        Body<DraftSettlementActRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.SettlementAct>, ProblemHttpResult>> Get(
        Guid id,
        HttpContext http,
        IQueryHandler<GetSettlementActQuery, Contracts.SettlementAct> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(http.Response, await handler.Handle(new GetSettlementActQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.SettlementAct>, ProblemHttpResult>> Issue(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<IssueSettlementActCommand, Contracts.SettlementAct> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(new IssueSettlementActCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );

    private static async Task<Results<JsonCreated<Contracts.Document>, ProblemHttpResult>> CreateReconciliation(
        Guid id,
        ICommandHandler<CreateReconciliationStatementCommand, DocumentDto> handler,
        Body<CreateReconciliationStatementRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(id), cancellationToken);
        return result.IsSuccess
            ? JsonAnswer.Created($"/api/v1/documents/{result.Value.Id}", Contracts.Document.From(result.Value))
            : Problems.From(result.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Discard(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DiscardSettlementActCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DiscardSettlementActCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );

    private static async Task<
        Results<JsonAccepted<Contracts.SettlementAcceptanceCodeSent>, ProblemHttpResult>
    > RequestCode(
        Guid id,
        ICommandHandler<RequestAcceptanceCodeCommand, Contracts.SettlementAcceptanceCodeSent> handler,
        CancellationToken cancellationToken
    ) => Respond.Accepted(await handler.Handle(new RequestAcceptanceCodeCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.SettlementAct>, ProblemHttpResult>> Accept(
        Guid id,
        HttpContext http,
        ICommandHandler<AcceptSettlementActCommand, AcceptanceOutcome> handler,
        Body<AcceptSettlementActRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(new AcceptSettlementActCommand(id, body.Value.Code), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        return result.Value.Refusal is { } refusal
            ? Problems.From(refusal)
            : Respond.Ok(http.Response, Result<Contracts.SettlementAct>.Success(result.Value.Act!));
    }

    private static async Task<Results<JsonOk<Contracts.SettlementAct>, ProblemHttpResult>> Payout(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<RecordSettlementPayoutCommand, Contracts.SettlementAct> handler,
        Body<RecordSettlementPayoutRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
