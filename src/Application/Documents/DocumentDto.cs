using MakCrm.Domain.Documents;

namespace MakCrm.Application.Documents;

public sealed record DocumentDto(
    Guid Id,
    Guid OrganizationId,
    DocumentSubject? Subject,
    DocumentKind Kind,
    DocumentOrigin Origin,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string StorageKey,
    GeneratedFrom? GeneratedFrom,
    Guid? CreatedByUserId,
    DateTimeOffset CreatedAt
)
{
    public static DocumentDto From(Document document) =>
        new(
            document.Id,
            document.OrganizationId,
            document.Subject,
            document.Kind,
            document.Origin,
            document.FileName,
            document.ContentType,
            document.Size,
            document.Sha256,
            document.StorageKey,
            document.Generated,
            document.CreatedByUserId,
            document.CreatedAt
        );
}

/// <summary>A document's metadata and its bytes, to be streamed to the caller (who disposes the stream).</summary>
public sealed record DocumentContent(DocumentDto Document, Stream Content);

/// <summary>What an upload may be: its largest size and the sniffed media types accepted (configuration,
/// <c>Mak:Documents</c>).</summary>
public sealed record DocumentLimits(long MaxUploadBytes, IReadOnlyList<string> AllowedContentTypes);
