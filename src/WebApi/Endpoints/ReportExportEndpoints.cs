using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Reports;
using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// Exports of a report query and of a saved report as CSV or XLSX, the rows streamed from the database into the file
/// as they are read, or as a PDF of at most <see cref="TablePdf.MaxRows"/> rows. Every check (the query, the dataset,
/// the export permission, step-up, the first row's time limit, a PDF's rows) is done before the first byte, so a
/// refusal is still a problem.
/// </summary>
internal sealed class ReportExportEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reports");
        group.MapPost("/query/export", ExportQuery).WithName("exportReportQuery").ProducesFile();
        group.MapGet("/saved/{id:guid}/export", ExportSaved).WithName("exportSavedReport").ProducesFile();
    }

    private static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportQuery(
        HttpContext http,
        IQueryHandler<ExportReportQuery, ReportExport> handler,
        IDocumentRenderer renderer,
        TimeProvider clock,
        Body<ReportQuery> body,
        [AsParameters] ExportReportQueryParameters query,
        CancellationToken cancellationToken
    )
    {
        var format = query.Format?.Value ?? Contracts.ExportFormat.Csv;
        var result = await handler.Handle(
            new ExportReportQuery(body.Value.ToDefinition(), format, StepUp.IsSatisfied(http)),
            cancellationToken
        );
        return await FileAsync(http, result, format, renderer, clock, cancellationToken);
    }

    private static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportSaved(
        Guid id,
        HttpContext http,
        IQueryHandler<ExportSavedReportQuery, ReportExport> handler,
        IDocumentRenderer renderer,
        TimeProvider clock,
        [AsParameters] ExportSavedReportParameters query,
        CancellationToken cancellationToken
    )
    {
        var format = query.Format?.Value ?? Contracts.ExportFormat.Csv;
        var result = await handler.Handle(
            new ExportSavedReportQuery(id, format, StepUp.IsSatisfied(http)),
            cancellationToken
        );
        return await FileAsync(http, result, format, renderer, clock, cancellationToken);
    }

    /// <summary>
    /// The file, whose rows are released with the response (read to the end or not); a step-up refusal is the 401
    /// challenge the other exports answer.
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> FileAsync(
        HttpContext http,
        Result<ReportExport> result,
        Contracts.ExportFormat format,
        IDocumentRenderer renderer,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        if (!result.IsSuccess)
        {
            return result.Error!.Code == ErrorCodes.StepUpRequired
                ? StepUp.Challenge(http)
                : Problems.From(result.Error!);
        }

        http.Response.RegisterForDisposeAsync(result.Value.Rows);
        return await ExportEndpoints.FileAsync(result.Value.Table, format, renderer, clock, cancellationToken);
    }
}
