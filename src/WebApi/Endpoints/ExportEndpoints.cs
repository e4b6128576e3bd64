using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Transfer;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// Exports of clients and leads: the list filters, no paging, <c>format=csv|xlsx</c>; personal data, so step-up and a
/// security event.
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

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportClients(
        IQueryHandler<ExportClientsQuery, TableExport> handler,
        [AsParameters] ClientFilterParameters filter,
        CancellationToken cancellationToken,
        QueryEnum<Contracts.ExportFormat>? format = null
    )
    {
        var errors = new QueryErrors();
        var exportFormat = errors.Enum("format", format) ?? Contracts.ExportFormat.Csv;
        var processingMethods = errors.Enums("processingMethod", filter.ProcessingMethod);
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new ExportClientsQuery(
            exportFormat,
            filter.Q,
            filter.Source,
            processingMethods,
            filter.Tag,
            filter.HasConsent,
            filter.City,
            filter.CreatedFrom,
            filter.CreatedTo
        );
        return File(await handler.Handle(query, cancellationToken), exportFormat, cancellationToken);
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportLeads(
        IQueryHandler<ExportLeadsQuery, TableExport> handler,
        CancellationToken cancellationToken,
        string? q = null,
        Guid? clientId = null,
        string[]? status = null,
        QueryEnum<LoanProduct>? product = null,
        Guid? responsibleUserId = null,
        decimal? amountMin = null,
        decimal? amountMax = null,
        DateTimeOffset? createdFrom = null,
        DateTimeOffset? createdTo = null,
        Guid? duplicateOf = null,
        bool? isDuplicate = null,
        QueryEnum<Contracts.ExportFormat>? format = null,
        Guid? organizationId = null,
        string[]? source = null,
        string? city = null
    )
    {
        var errors = new QueryErrors();
        var productValue = errors.Enum("product", product);
        var exportFormat = errors.Enum("format", format) ?? Contracts.ExportFormat.Csv;
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new ExportLeadsQuery(
            exportFormat,
            q,
            clientId,
            status,
            productValue,
            responsibleUserId,
            amountMin,
            amountMax,
            createdFrom,
            createdTo,
            duplicateOf,
            isDuplicate,
            organizationId,
            source,
            city
        );
        return File(await handler.Handle(query, cancellationToken), exportFormat, cancellationToken);
    }

    /// <summary>A table as a file to download, CSV or XLSX.</summary>
    internal static Results<PushStreamHttpResult, ProblemHttpResult> File(
        Result<TableExport> result,
        Contracts.ExportFormat format,
        CancellationToken cancellationToken
    )
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var table = result.Value;
        return format == Contracts.ExportFormat.Xlsx
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
}
