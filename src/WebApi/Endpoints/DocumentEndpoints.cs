using MakCrm.Application.Documents;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Documents;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The document store: uploads (multipart), metadata, streamed downloads, deletes of uploads.</summary>
internal sealed class DocumentEndpoints : IEndpointGroup
{
    // Room for the multipart framing and the other fields around the file.
    private const long FormOverhead = 64 * 1024;

    public void Map(IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxUploadBytes;
        var documents = app.MapGroup("/api/v1/documents");
        documents.MapGet("/", List).WithName("listDocuments");
        documents
            .MapPost("/", Upload)
            .WithName("uploadDocument")
            .Accepts<DocumentUpload>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + FormOverhead))
            .WithFormOptions(multipartBodyLengthLimit: maxBytes + FormOverhead);
        documents.MapGet("/{id:guid}", Get).WithName("getDocument");
        documents
            .MapGet("/{id:guid}/content", Download)
            .WithName("downloadDocument")
            .Produces(200, typeof(Stream), "application/octet-stream", [.. ContentSniffer.All]);
        documents
            .MapGet("/{id:guid}/rendition", Rendition)
            .WithName("downloadDocumentRendition")
            .Produces(200, typeof(Stream), ContentSniffer.Pdf, ContentSniffer.Docx);
        documents.MapDelete("/{id:guid}", Delete).WithName("deleteDocument");
    }

    private static async Task<Results<JsonOk<DocumentPage>, ProblemHttpResult>> List(
        IQueryHandler<ListDocumentsQuery, Page<DocumentDto>> handler,
        [AsParameters] ListDocumentsParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListDocumentsQuery(
                    query.Kind?.Value,
                    query.OrganizationId,
                    query.Cursor,
                    query.Limit,
                    query.Q,
                    query.CreatedFrom,
                    query.CreatedTo,
                    query.SubjectType?.Value,
                    query.SubjectId
                ),
                cancellationToken
            ),
            DocumentPage.From
        );
    }

    private static async Task<Results<JsonCreated<Contracts.Document>, ProblemHttpResult>> Upload(
        HttpRequest request,
        ICommandHandler<UploadDocumentCommand, DocumentDto> handler,
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
            fieldErrors["file"] = ["Is required: the file to store."];
        }

        var kindText = form["kind"].ToString();
        var kind = SnakeCaseNames<DocumentKind>.Parse(kindText);
        if (kind is null)
        {
            fieldErrors["kind"] =
            [
                string.IsNullOrEmpty(kindText)
                    ? "Is required."
                    : $"Must be one of: {SnakeCaseNames<DocumentKind>.Allowed}.",
            ];
        }

        var subject = ReadSubject(form, fieldErrors);
        if (fieldErrors.Count > 0)
        {
            return Problems.From(Error.Validation(fieldErrors));
        }

        await using var content = file!.OpenReadStream();
        var result = await handler.Handle(
            new UploadDocumentCommand(kind!.Value, file.FileName, content, subject),
            cancellationToken
        );
        return result.IsSuccess
            ? JsonAnswer.Created($"/api/v1/documents/{result.Value.Id}", Contracts.Document.From(result.Value))
            : Problems.From(result.Error!);
    }

    /// <summary>The record an upload is filed on: <c>subjectType</c> and <c>subjectId</c>, both or neither.</summary>
    private static DocumentSubject? ReadSubject(IFormCollection form, Dictionary<string, string[]> fieldErrors)
    {
        var typeText = form["subjectType"].ToString();
        var idText = form["subjectId"].ToString();
        if (typeText.Length == 0 && idText.Length == 0)
        {
            return null;
        }

        var type = SnakeCaseNames<TaskSubjectType>.Parse(typeText);
        if (type is null)
        {
            fieldErrors["subjectType"] =
            [
                typeText.Length == 0
                    ? "Is required with subjectId."
                    : $"Must be one of: {SnakeCaseNames<TaskSubjectType>.Allowed}.",
            ];
        }

        if (!Guid.TryParse(idText, out var id))
        {
            fieldErrors["subjectId"] = [idText.Length == 0 ? "Is required with subjectType." : "Must be a UUID."];
        }

        return type is { } known && fieldErrors.Count == 0 ? new DocumentSubject(known, id) : null;
    }

    private static async Task<Results<JsonOk<Contracts.Document>, ProblemHttpResult>> Get(
        Guid id,
        IQueryHandler<GetDocumentQuery, DocumentDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetDocumentQuery(id), cancellationToken), Contracts.Document.From);

    /// <summary>Streams the bytes; <c>Content-Disposition</c> carries the name twice: ASCII <c>filename</c> and RFC
    /// 8187 <c>filename*</c>.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        Guid id,
        IQueryHandler<DownloadDocumentQuery, DocumentContent> handler,
        CancellationToken cancellationToken
    ) => Respond.File(await handler.Handle(new DownloadDocumentQuery(id), cancellationToken));

    /// <summary>A generated document in the asked format, rendered again from its stored input (or its stored bytes
    /// when that is their format).</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Rendition(
        Guid id,
        IQueryHandler<DownloadDocumentQuery, DocumentContent> handler,
        [AsParameters] DownloadDocumentRenditionParameters query,
        CancellationToken cancellationToken
    ) => Respond.File(await handler.Handle(new DownloadDocumentQuery(id, query.Format.Value), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        ICommandHandler<DeleteDocumentCommand, Unit> handler,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(new DeleteDocumentCommand(id), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
    }
}
