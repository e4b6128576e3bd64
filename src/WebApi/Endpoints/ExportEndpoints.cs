using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents;
using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Transfer;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// Exports of clients and leads: the list filters, no paging, <c>format=csv|xlsx|pdf</c>; personal data, so step-up
/// and a security event.
/// </summary>
internal sealed class ExportEndpoints : IEndpointGroup
{
    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/clients")
            .MapGet("/export", ExportClients)
            .WithName("exportClients")
            .RequiresRecentTwoFactor()
            .ProducesFile();
        app.MapGroup("/api/v1/leads")
            .MapGet("/export", ExportLeads)
            .WithName("exportLeads")
            .RequiresRecentTwoFactor()
            .ProducesFile();
    }

    private static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportClients(
        IQueryHandler<ExportClientsQuery, TableExport> handler,
        IDocumentRenderer renderer,
        TimeProvider clock,
        [AsParameters] ExportClientsParameters query,
        CancellationToken cancellationToken
    )
    {
        var format = query.Format?.Value ?? Contracts.ExportFormat.Csv;
        var export = new ExportClientsQuery(
            format,
            query.Q,
            query.Source,
            query.ProcessingMethod.Values(),
            query.Tag,
            query.HasConsent,
            query.City,
            query.CreatedFrom,
            query.CreatedTo
        );
        return await FileAsync(
            await handler.Handle(export, cancellationToken),
            format,
            renderer,
            clock,
            cancellationToken
        );
    }

    private static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportLeads(
        IQueryHandler<ExportLeadsQuery, TableExport> handler,
        IDocumentRenderer renderer,
        TimeProvider clock,
        [AsParameters] ExportLeadsParameters query,
        CancellationToken cancellationToken
    )
    {
        var format = query.Format?.Value ?? Contracts.ExportFormat.Csv;
        var export = new ExportLeadsQuery(
            format,
            query.Q,
            query.ClientId,
            query.Status,
            query.Product?.Value,
            query.ResponsibleUserId,
            query.AmountMin,
            query.AmountMax,
            query.CreatedFrom,
            query.CreatedTo,
            query.DuplicateOf,
            query.IsDuplicate,
            query.OrganizationId,
            query.Source,
            query.City
        );
        return await FileAsync(
            await handler.Handle(export, cancellationToken),
            format,
            renderer,
            clock,
            cancellationToken
        );
    }

    /// <summary>
    /// A table as a file to download: CSV or XLSX streamed, or a PDF (<see cref="TablePdf"/>) made whole before it is
    /// answered, so that a table too large for one is still a problem.
    /// </summary>
    internal static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> FileAsync(
        Result<TableExport> result,
        Contracts.ExportFormat format,
        IDocumentRenderer renderer,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var table = result.Value;
        if (format != Contracts.ExportFormat.Pdf)
        {
            return Stream(table, format, cancellationToken);
        }

        var pdf = await TablePdf.RenderAsync(table, clock.GetUtcNow(), renderer, cancellationToken);
        return pdf.IsSuccess
            ? TypedResults.File(pdf.Value, ContentSniffer.Pdf, $"{table.Name}.pdf")
            : Problems.From(pdf.Error!);
    }

    /// <summary>A table as a file to download, CSV or XLSX, streamed.</summary>
    internal static Results<PushStreamHttpResult, ProblemHttpResult> File(
        Result<TableExport> result,
        Contracts.ExportFormat format,
        CancellationToken cancellationToken
    ) => result.IsSuccess ? Stream(result.Value, format, cancellationToken) : Problems.From(result.Error!);

    private static PushStreamHttpResult Stream(
        TableExport table,
        Contracts.ExportFormat format,
        CancellationToken cancellationToken
    ) =>
        format == Contracts.ExportFormat.Xlsx
            ? TypedResults.Stream(
                body => TableFiles.WriteXlsxAsync(body, table.Columns, table.Rows, cancellationToken),
                XlsxType,
                $"{table.Name}.xlsx"
            )
            : TypedResults.Stream(
                body => TableFiles.WriteCsvAsync(body, table.Columns, table.Rows, cancellationToken),
                $"{CsvType}; charset=utf-8",
                $"{table.Name}.csv"
            );
}
