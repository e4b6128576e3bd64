using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Documents;

/// <summary>
/// An upload to the caller's organization, or filed on a <paramref name="Subject"/> (a client, lead or deal the caller
/// sees) and then to that record's organization. <paramref name="Content"/> must be seekable (the endpoint hands over
/// the buffered form file): it is read once to sniff its type, once to hash it and once to store it.
/// </summary>
public sealed record UploadDocumentCommand(
    DocumentKind Kind,
    string FileName,
    Stream Content,
    DocumentSubject? Subject = null
) : ICommand<DocumentDto>;

public sealed record DeleteDocumentCommand(Guid Id) : ICommand<Unit>;

public sealed record GetDocumentQuery(Guid Id) : IQuery<DocumentDto>;

/// <summary>A document's content: the stored bytes, or a generated document rendered again in
/// <paramref name="Format"/> from its stored input and template version.</summary>
public sealed record DownloadDocumentQuery(Guid Id, Contracts.DocumentFileFormat? Format = null)
    : IQuery<DocumentContent>;

public sealed record ListDocumentsQuery(
    DocumentKind? Kind,
    Guid? OrganizationId,
    string? Cursor,
    int? Limit,
    string? Q = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    TaskSubjectType? SubjectType = null,
    Guid? SubjectId = null
) : IQuery<Page<DocumentDto>>, ICreatedWindowQuery;

public enum DocumentSortField
{
    CreatedAt,
}

public static class DocumentCatalog
{
    public static SortCatalog<DocumentSortField, DocumentDto> Sorts { get; } =
        new(
            "documents",
            "-createdAt",
            ("createdAt", DocumentSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );

    /// <summary>Every organization's documents with <c>documents.read.all</c>, else the caller's
    /// organization's.</summary>
    public static DataScope ScopeOf(ICurrentActor actor) => DataScope.For(actor, Permissions.DocumentsReadAll);

    public static Error NotFound(Guid id) => Error.NotFound("Document", id);

    /// <summary>404 for a subject the caller does not see, named as the record it is.</summary>
    public static Error SubjectNotFound(DocumentSubject subject) =>
        Error.NotFound(subject.Type.ToString(), subject.Id);

    /// <summary>A file name as stored: the last path segment, control characters dropped, at most 255
    /// characters.</summary>
    public static string CleanFileName(string name)
    {
        var last = name.Replace('\\', '/').Split('/')[^1];
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length > Document.MaxFileNameLength ? clean[..Document.MaxFileNameLength] : clean;
    }
}

internal sealed class UploadDocumentValidator : AbstractValidator<UploadDocumentCommand>
{
    public UploadDocumentValidator()
    {
        RuleFor(c => c.Kind)
            .Must(k => DocumentKinds.Uploadable.Contains(k))
            .OverridePropertyName("kind")
            .WithMessage(
                $"Must be one of: "
                    + $"{string.Join(", ", DocumentKinds.Uploadable.Select(k => SnakeCaseNames<DocumentKind>.Of(k)))} "
                    + $"(the other kinds are generated)."
            );
        RuleFor(c => c.FileName)
            .Must(n => DocumentCatalog.CleanFileName(n).Length > 0)
            .OverridePropertyName("file")
            .WithMessage("The file needs a name.");
    }
}

/// <summary>
/// Checks the size and the sniffed type before anything is stored (413, 415), stores the bytes and adds the row
/// (audited) and its <c>document.uploaded</c> event, which the unit of work commits; if the row does not commit the
/// bytes are removed again, so a refused or failed upload leaves nothing behind.
/// </summary>
internal sealed class UploadDocumentHandler(
    IDocumentRepository documents,
    SubjectRecords subjects,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    IEventOutbox events,
    DocumentLimits limits,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UploadDocumentCommand, DocumentDto>
{
    public async Task<Result<DocumentDto>> Handle(UploadDocumentCommand command, CancellationToken cancellationToken)
    {
        var organizationId = actor.OrganizationId;
        if (command.Subject is { } subject)
        {
            if (await subjects.OrganizationOfAsync(subject.Type, subject.Id, cancellationToken) is not { } owner)
            {
                return DocumentCatalog.SubjectNotFound(subject);
            }

            organizationId = owner;
        }

        var size = command.Content.Length;
        if (size > limits.MaxUploadBytes)
        {
            return new Error(
                ErrorCodes.PayloadTooLarge,
                $"A document may have at most {limits.MaxUploadBytes} bytes.",
                ErrorKind.PayloadTooLarge
            );
        }

        var type = await ContentSniffer.SniffAsync(command.Content, cancellationToken);
        if (type is null || !limits.AllowedContentTypes.Contains(type, StringComparer.Ordinal))
        {
            return new Error(
                ErrorCodes.UnsupportedMediaType,
                $"The file's content is {type ?? "of a type not recognised"}; accepted are "
                    + $"{string.Join(", ", limits.AllowedContentTypes)}.",
                ErrorKind.UnsupportedMediaType
            );
        }

        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(command.Content, cancellationToken));
        command.Content.Position = 0;
        var content = new StoredContent(DocumentCatalog.CleanFileName(command.FileName), type, size, hash);
        var document = Document.Create(
            clock.NewId(),
            organizationId,
            command.Kind,
            content,
            null,
            actor.UserId,
            actor.UserId is null ? actor.ClientId : null,
            clock.UtcNowMicroseconds(),
            command.Subject
        );
        await DocumentWrites.StoreAsync(document, command.Content, documents, storage, unitOfWork, cancellationToken);
        var dto = DocumentDto.From(document);
        events.Raise(EventPayloads.DocumentUploaded, document.OrganizationId, document.Id, dto);
        return dto;
    }
}

/// <summary>
/// Stores a new document's bytes and adds its row to the command's unit of work; the bytes are removed again if the row
/// does not commit — with the unit of work, or later with a keyed request's answer.
/// </summary>
public static class DocumentWrites
{
    public static async Task StoreAsync(
        Document document,
        Stream content,
        IDocumentRepository documents,
        IDocumentStorage storage,
        IUnitOfWork unitOfWork,
        CancellationToken cancellationToken
    )
    {
        unitOfWork.UndoOnRollback(() => storage.DeleteAsync(document.StorageKey, CancellationToken.None));
        await storage.PutAsync(document.StorageKey, content, document.Size, document.ContentType, cancellationToken);
        documents.Add(document);
    }
}

/// <summary>
/// Deletes an uploaded document: the row is marked deleted (audited), and its bytes are removed once that commits for
/// good (a keyed request's transaction commits with its answer, after the handler), so a row never outlives its bytes.
/// </summary>
internal sealed class DeleteDocumentHandler(
    IDocumentRepository documents,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DeleteDocumentCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteDocumentCommand command, CancellationToken cancellationToken)
    {
        var document = await documents.FindAsync(command.Id, DocumentCatalog.ScopeOf(actor), cancellationToken);
        if (document is null)
        {
            return DocumentCatalog.NotFound(command.Id);
        }

        var deleted = document.Delete(clock.UtcNowMicroseconds());
        if (!deleted.IsSuccess)
        {
            return deleted.Error!;
        }

        var key = document.StorageKey;
        unitOfWork.AfterCommit(() => storage.DeleteAsync(key, CancellationToken.None));
        return Unit.Value;
    }
}

internal sealed class GetDocumentHandler(IDocumentRepository documents, ICurrentActor actor)
    : IQueryHandler<GetDocumentQuery, DocumentDto>
{
    public async Task<Result<DocumentDto>> Handle(GetDocumentQuery query, CancellationToken cancellationToken) =>
        await documents.GetAsync(query.Id, DocumentCatalog.ScopeOf(actor), cancellationToken) is { } document
            ? document
            : DocumentCatalog.NotFound(query.Id);
}

internal sealed class DownloadDocumentHandler(
    IDocumentRepository documents,
    IDocumentStorage storage,
    Abstractions.Documents.IDocumentRenderer renderer,
    ICurrentActor actor
) : IQueryHandler<DownloadDocumentQuery, DocumentContent>
{
    public async Task<Result<DocumentContent>> Handle(DownloadDocumentQuery query, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(query.Id, DocumentCatalog.ScopeOf(actor), cancellationToken) is not { } document)
        {
            return DocumentCatalog.NotFound(query.Id);
        }

        if (query.Format is { } format && GeneratedDocumentAgain.ContentTypeOf(format) != document.ContentType)
        {
            return await GeneratedDocumentAgain.RenderAsync(document, format, renderer, cancellationToken);
        }

        return await storage.OpenReadAsync(document.StorageKey, cancellationToken) is { } content
            ? new DocumentContent(document, content)
            : DocumentCatalog.NotFound(query.Id);
    }
}

/// <summary>A generated document rendered again, in another format, from its stored input with the template version
/// it was made with: the text is the one issued, whatever versions were added since.</summary>
public static class GeneratedDocumentAgain
{
    public static Error NotGenerated(Guid id) =>
        new(
            ErrorCodes.DocumentNotGenerated,
            $"Document {id} was uploaded, not generated from a template.",
            ErrorKind.Conflict
        );

    public static string ContentTypeOf(Contracts.DocumentFileFormat format) =>
        format == Contracts.DocumentFileFormat.Docx ? ContentSniffer.Docx : ContentSniffer.Pdf;

    public static async Task<Result<DocumentContent>> RenderAsync(
        DocumentDto document,
        Contracts.DocumentFileFormat format,
        Abstractions.Documents.IDocumentRenderer renderer,
        CancellationToken cancellationToken
    )
    {
        if (document.GeneratedFrom is not { } from)
        {
            return NotGenerated(document.Id);
        }

        var rendered = await renderer.RenderAgainAsync(from, format, cancellationToken);
        if (!rendered.IsSuccess)
        {
            return rendered.Error!;
        }

        var extension = format == Contracts.DocumentFileFormat.Docx ? ".docx" : ".pdf";
        var fileName = Path.GetFileNameWithoutExtension(document.FileName) + extension;
        var content = rendered.Value.Content;
        return new DocumentContent(
            document with { FileName = fileName, ContentType = rendered.Value.ContentType, Size = content.Length },
            new MemoryStream(content, writable: false)
        );
    }
}

internal sealed class ListDocumentsValidator : AbstractValidator<ListDocumentsQuery>
{
    public ListDocumentsValidator()
    {
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Q).ValidSearch();
        Include(new CreatedWindowValidator<ListDocumentsQuery>());
    }
}

internal sealed class ListDocumentsHandler(IDocumentRepository documents, ICurrentActor actor)
    : IQueryHandler<ListDocumentsQuery, Page<DocumentDto>>
{
    public async Task<Result<Page<DocumentDto>>> Handle(ListDocumentsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(DocumentCatalog.Sorts, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await documents.ListAsync(
            DocumentCatalog.ScopeOf(actor),
            query.Kind,
            query.OrganizationId,
            new DocumentSearch(query.Q, CreatedWindow.Of(query), query.SubjectType, query.SubjectId),
            after,
            limit + 1,
            cancellationToken
        );
        return ListPaging.ToPage(DocumentCatalog.Sorts, sort, rows, limit, d => d.Id);
    }
}
