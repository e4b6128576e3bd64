using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Imports;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

/// <summary>File imports as long-running operations: 202 + <c>Location</c>, then polled.</summary>
internal sealed class ImportEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/v1/imports");
        imports
            .MapPost("/", StartImport)
            .WithName("startImport")
            .Accepts<ImportUpload>("multipart/form-data")
            .WithMetadata(
                new RequestSizeLimitAttribute(
                    app.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes + (64 * 1024)
                )
            )
            .WithFormOptions(
                multipartBodyLengthLimit: app.ServiceProvider.GetRequiredService<
                    IOptions<ImportOptions>
                >().Value.MaxFileBytes
            );
        imports.MapGet("/", ListImports).WithName("listImports");
        imports.MapGet("/{id:guid}", GetImport).WithName("getImport");
        imports
            .MapGet("/{id:guid}/rejected-rows", RejectedRows)
            .WithName("getImportRejectedRows")
            .Produces(200, typeof(Stream), ExportEndpoints.CsvType);
    }

    private static async Task<Results<JsonAccepted<Contracts.ImportOperation>, ProblemHttpResult>> StartImport(
        HttpRequest request,
        ICommandHandler<StartImportCommand, ImportOperationDto> handler,
        CancellationToken cancellationToken
    )
    {
        if (!request.HasFormContentType)
        {
            return Problems.Result(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                "Send the file as multipart/form-data."
            );
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
        var kind = SnakeCaseNames<ImportKind>.Parse(kindText);
        if (kind is null)
        {
            fieldErrors["kind"] =
            [
                string.IsNullOrEmpty(kindText)
                    ? "Is required."
                    : $"Must be one of: {SnakeCaseNames<ImportKind>.Allowed}.",
            ];
        }

        if (fieldErrors.Count > 0)
        {
            return Problems.From(Error.Validation(fieldErrors));
        }

        var source = form["source"].ToString();
        await using var content = file!.OpenReadStream();
        var command = new StartImportCommand(
            kind!.Value,
            file.FileName,
            content,
            string.IsNullOrWhiteSpace(source) ? null : source.Trim()
        );
        var result = await handler.Handle(command, cancellationToken);
        return result.IsSuccess
            ? JsonAnswer.Accepted($"/api/v1/imports/{result.Value.Id}", Contracts.ImportOperation.From(result.Value))
            : Problems.From(result.Error!);
    }

    private static async Task<Results<JsonOk<ImportOperationPage>, ProblemHttpResult>> ListImports(
        IQueryHandler<ListImportsQuery, Page<ImportOperationDto>> handler,
        [AsParameters] ListImportsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListImportsQuery(query.Cursor, query.Limit), cancellationToken),
            ImportOperationPage.From
        );

    private static async Task<Results<JsonOk<Contracts.ImportOperation>, ProblemHttpResult>> GetImport(
        Guid id,
        IQueryHandler<GetImportQuery, ImportOperationDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetImportQuery(id), cancellationToken), Contracts.ImportOperation.From);

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> RejectedRows(
        Guid id,
        IQueryHandler<GetRejectedRowsQuery, TableExport> handler,
        CancellationToken cancellationToken
    ) =>
        ExportEndpoints.File(
            await handler.Handle(new GetRejectedRowsQuery(id), cancellationToken),
            Contracts.ExportFormat.Csv,
            cancellationToken
        );
}
