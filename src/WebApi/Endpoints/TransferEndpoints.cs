using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Common;
using MakCrm.Domain.Imports;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Transfer;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// Exports of clients and leads (the list filters, no paging, <c>format=csv|xlsx</c>; personal data, so step-up and a
/// security event) and file imports as long-running operations (202 + <c>Location</c>, then polled).
/// </summary>
internal static class TransferEndpoints
{
    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/clients").WithTags("Clients").RateLimitedPerCaller()
            .MapGet("/export", ExportClients).WithName("exportClients").RequireAuthorization(PermissionPolicies.ClientsExport)
            .RequiresRecentTwoFactor().ProducesFile().ProducesProblems(400, 401, 403);
        app.MapGroup("/api/v1/leads").WithTags("Leads").RateLimitedPerCaller()
            .MapGet("/export", ExportLeads).WithName("exportLeads").RequireAuthorization(PermissionPolicies.LeadsExport)
            .RequiresRecentTwoFactor().ProducesFile().ProducesProblems(400, 401, 403);

        var imports = app.MapGroup("/api/v1/imports").WithTags("Imports").RateLimitedPerCaller();
        imports.MapPost("/", StartImport).WithName("startImport").RequireAuthorization(PermissionPolicies.ClientsWrite)
            .Accepts<ImportUpload>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes + (64 * 1024)))
            .WithFormOptions(multipartBodyLengthLimit: app.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes)
            .ProducesProblems(400, 401, 403, 413, 415);
        imports.MapGet("/", ListImports).WithName("listImports").RequireAuthorization(PermissionPolicies.ClientsRead).ProducesProblems(400, 401, 403);
        imports.MapGet("/{id:guid}", GetImport).WithName("getImport").RequireAuthorization(PermissionPolicies.ClientsRead).ProducesProblems(401, 403, 404);
        imports.MapGet("/{id:guid}/rejected-rows", RejectedRows).WithName("getImportRejectedRows").RequireAuthorization(PermissionPolicies.ClientsRead)
            .Produces(200, typeof(Stream), CsvType).ProducesProblems(401, 403, 404);
        return app;
    }

    private static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder) => builder.Produces(200, typeof(Stream), CsvType, XlsxType);

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportClients(
        IQueryHandler<ExportClientsQuery, TableExport> handler,
        [AsParameters] ClientFilterParameters filter,
        CancellationToken cancellationToken,
        QueryEnum<ExportFormat>? format = null)
    {
        var errors = new QueryErrors();
        var exportFormat = errors.Enum("format", format) ?? ExportFormat.Csv;
        var processingMethods = errors.Enums("processingMethod", filter.ProcessingMethod);
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new ExportClientsQuery(
            exportFormat, filter.Q, filter.Source, processingMethods, filter.Tag, filter.HasConsent, filter.City, filter.CreatedFrom, filter.CreatedTo);
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
        QueryEnum<ExportFormat>? format = null)
    {
        var errors = new QueryErrors();
        var productValue = errors.Enum("product", product);
        var exportFormat = errors.Enum("format", format) ?? ExportFormat.Csv;
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new ExportLeadsQuery(
            exportFormat, q, clientId, status, productValue, responsibleUserId, amountMin, amountMax, createdFrom, createdTo, duplicateOf, isDuplicate);
        return File(await handler.Handle(query, cancellationToken), exportFormat, cancellationToken);
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> File(Result<TableExport> result, ExportFormat format, CancellationToken cancellationToken)
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var table = result.Value;
        return format == ExportFormat.Xlsx
            ? TypedResults.Stream(body => TableFiles.WriteXlsxAsync(body, table.Columns, table.Rows, cancellationToken), XlsxType, $"{table.Name}.xlsx")
            : TypedResults.Stream(body => TableFiles.WriteCsvAsync(body, table.Columns, table.Rows, cancellationToken), $"{CsvType}; charset=utf-8", $"{table.Name}.csv");
    }

    private static async Task<Results<Accepted<Contracts.ImportOperation>, ProblemHttpResult>> StartImport(
        HttpRequest request,
        ICommandHandler<StartImportCommand, ImportOperationDto> handler,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the file as multipart/form-data.");
        }

        var read = await FormBody.ReadAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return Problems.From(read.Error!);
        }

        var form = read.Value;
        var fieldErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            fieldErrors["file"] = ["Is required: the .csv or .xlsx file to import."];
        }

        var kindText = form["kind"].ToString();
        var kind = WireEnum<ImportKind>.Parse(kindText);
        if (kind is null)
        {
            fieldErrors["kind"] = [string.IsNullOrEmpty(kindText) ? "Is required." : $"Must be one of: {WireEnum<ImportKind>.Allowed}."];
        }

        if (fieldErrors.Count > 0)
        {
            return Problems.From(Error.Validation(fieldErrors));
        }

        var source = form["source"].ToString();
        await using var content = file!.OpenReadStream();
        var command = new StartImportCommand(kind!.Value, file.FileName, content, string.IsNullOrWhiteSpace(source) ? null : source.Trim());
        var result = await handler.Handle(command, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Accepted($"/api/v1/imports/{result.Value.Id}", Contracts.ImportOperation.From(result.Value))
            : Problems.From(result.Error!);
    }

    private static async Task<Results<Ok<ImportOperationPage>, ProblemHttpResult>> ListImports(
        IQueryHandler<ListImportsQuery, Page<ImportOperationDto>> handler,
        CancellationToken cancellationToken,
        string? cursor = null,
        int? limit = null) =>
        Respond.Value(await handler.Handle(new ListImportsQuery(cursor, limit), cancellationToken), ImportOperationPage.From);

    private static async Task<Results<Ok<Contracts.ImportOperation>, ProblemHttpResult>> GetImport(
        Guid id,
        IQueryHandler<GetImportQuery, ImportOperationDto> handler,
        CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new GetImportQuery(id), cancellationToken), Contracts.ImportOperation.From);

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> RejectedRows(
        Guid id,
        IQueryHandler<GetRejectedRowsQuery, TableExport> handler,
        CancellationToken cancellationToken) =>
        File(await handler.Handle(new GetRejectedRowsQuery(id), cancellationToken), ExportFormat.Csv, cancellationToken);
}
