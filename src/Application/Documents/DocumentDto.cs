using System.Text.Json.Nodes;
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
) : IAnswersAs<Contracts.Document>
{
    Contracts.Document IAnswersAs<Contracts.Document>.ToRecord() => Contracts.Document.From(this);

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

/// <summary>A document's metadata as the API answers it (schema <c>Document</c>).</summary>
public static class DocumentAnswers
{
    extension(Contracts.Document)
    {
        public static Contracts.Document From(DocumentDto dto) =>
            new(
                dto.Id,
                dto.OrganizationId,
                dto.Subject?.Type,
                dto.Subject?.Id,
                dto.Kind,
                dto.Origin,
                dto.FileName,
                dto.ContentType,
                dto.Size,
                dto.Sha256,
                dto.GeneratedFrom is { } from
                    ? new Contracts.DocumentGeneratedFrom(
                        from.Template,
                        from.TemplateVersion,
                        JsonNode.Parse(from.Input)?.AsObject() ?? []
                    )
                    : null,
                dto.CreatedByUserId,
                dto.CreatedAt
            );
    }
}
