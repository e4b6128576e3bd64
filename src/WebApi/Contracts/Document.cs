using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Common;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Documents;

namespace MakCrm.WebApi.Contracts;

/// <summary>A document's metadata (schema <c>Document</c>).</summary>
public sealed record Document(
    Guid Id, Guid OrganizationId, DocumentKind Kind, DocumentOrigin Origin, string FileName, string ContentType, long Size, string Sha256,
    DocumentGeneratedFrom? GeneratedFrom, Guid? CreatedBy, DateTimeOffset CreatedAt)
{
    public static Document From(DocumentDto dto) => new(
        dto.Id, dto.OrganizationId, dto.Kind, dto.Origin, dto.FileName, dto.ContentType, dto.Size, dto.Sha256,
        dto.GeneratedFrom is { } from ? new DocumentGeneratedFrom(from.Template, from.TemplateVersion, JsonNode.Parse(from.Input)?.AsObject() ?? []) : null,
        dto.CreatedByUserId, dto.CreatedAt);
}

public sealed record DocumentGeneratedFrom(string Template, int TemplateVersion, JsonObject Input);

public sealed record DocumentPage(IReadOnlyList<Document> Items, string? NextCursor)
{
    public static DocumentPage From(Page<DocumentDto> page) => new(page.Items.Select(Document.From).ToList(), page.NextCursor);
}

/// <summary>The multipart form of <c>POST /api/v1/documents</c> (schema <c>DocumentUpload</c>), for the OpenAPI description.</summary>
public sealed record DocumentUpload
{
    public required IFormFile File { get; init; }

    public required DocumentKind Kind { get; init; }
}

/// <summary>The body of <c>POST /api/v1/documents/invoices</c> (schema <c>CreateTopUpInvoiceRequest</c>).</summary>
public sealed record CreateTopUpInvoiceRequest
{
    public required decimal Amount { get; init; }

    public Guid? OrganizationId { get; init; }

    public DocumentFileFormat Format { get; init; } = DocumentFileFormat.Pdf;

    public CreateTopUpInvoiceCommand ToCommand() => new(Amount, OrganizationId, Format);
}

/// <summary>The body of <c>POST /api/v1/documents/contracts</c> (schema <c>CreateFranchiseContractRequest</c>).</summary>
public sealed record CreateFranchiseContractRequest
{
    public required Guid OrganizationId { get; init; }

    public DocumentFileFormat Format { get; init; } = DocumentFileFormat.Pdf;

    public CreateFranchiseContractCommand ToCommand() => new(OrganizationId, Format);
}
