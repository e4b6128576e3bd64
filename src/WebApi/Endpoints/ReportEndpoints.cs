using MakCrm.Application.Reports;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Reports;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Endpoints;

internal sealed class ReportEndpoints : IEndpointGroup
{
    private const string SavedPath = "/api/v1/reports/saved";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reports");
        group.MapGet("/fields", Fields).WithName("listReportFields").Produces(StatusCodes.Status304NotModified);
        group.MapPost("/query", Query).WithName("runReportQuery");
        group.MapGet("/saved", List).WithName("listSavedReports");
        group.MapPost("/saved", Create).WithName("createSavedReport");
        group.MapGet("/saved/{id:guid}", Get).WithName("getSavedReport");
        group.MapPatch("/saved/{id:guid}", Update).WithName("updateSavedReport");
        group.MapDelete("/saved/{id:guid}", Delete).WithName("deleteSavedReport");
        group.MapPost("/saved/{id:guid}/run", Run).WithName("runSavedReport");
    }

    /// <summary>The catalogue the caller may read, with its tag: 304 while <c>If-None-Match</c> names it.</summary>
    private static async Task<Results<JsonOk<ReportFieldCatalogue>, StatusCodeHttpResult, ProblemHttpResult>> Fields(
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        HttpResponse response,
        IOptions<JsonOptions> json,
        IQueryHandler<ListReportFieldsQuery, IReadOnlyList<ReportDataset>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Conditional(
            response,
            ifNoneMatch,
            await handler.Handle(new ListReportFieldsQuery(), cancellationToken),
            datasets => ReportFieldCatalogue.EntityTag(datasets, json.Value.SerializerOptions),
            ReportFieldCatalogue.From
        );

    private static async Task<Results<JsonOk<ReportResultSet>, ProblemHttpResult>> Query(
        IQueryHandler<RunReportQuery, ReportResult> handler,
        Body<ReportQuery> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new RunReportQuery(body.Value.ToDefinition()), cancellationToken),
            ReportResultSet.From
        );

    private static async Task<Results<JsonOk<SavedReportPage>, ProblemHttpResult>> List(
        IQueryHandler<ListSavedReportsQuery, Page<SavedReportDto>> handler,
        [AsParameters] ListSavedReportsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListSavedReportsQuery(query.Cursor, query.Limit), cancellationToken),
            SavedReportPage.From
        );

    private static async Task<Results<JsonCreated<Contracts.SavedReport>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateSavedReportCommand, SavedReportDto> handler,
        Body<CreateSavedReportRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            SavedPath,
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Contracts.SavedReport.From
        );

    private static async Task<Results<JsonOk<Contracts.SavedReport>, ProblemHttpResult>> Get(
        Guid id,
        HttpContext http,
        IQueryHandler<GetSavedReportQuery, SavedReportDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(new GetSavedReportQuery(id), cancellationToken),
            Contracts.SavedReport.From
        );

    private static async Task<Results<JsonOk<Contracts.SavedReport>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateSavedReportCommand, SavedReportDto> handler,
        Body<UpdateSavedReportRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateSavedReportRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Contracts.SavedReport.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        ICommandHandler<DeleteSavedReportCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteSavedReportCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<ReportResultSet>, ProblemHttpResult>> Run(
        Guid id,
        IQueryHandler<RunSavedReportQuery, ReportResult> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new RunSavedReportQuery(id), cancellationToken), ReportResultSet.From);
}
