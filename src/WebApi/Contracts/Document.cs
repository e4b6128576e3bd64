using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Common;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Documents;

namespace MakCrm.WebApi.Contracts;

/// <summary>A document's metadata (schema <c>Document</c>).</summary>
public sealed partial record Document
{
    public static Document From(DocumentDto dto) => new(
        dto.Id, dto.OrganizationId, dto.Kind, dto.Origin, dto.FileName, dto.ContentType, dto.Size, dto.Sha256,
        dto.GeneratedFrom is { } from ? new DocumentGeneratedFrom(from.Template, from.TemplateVersion, JsonNode.Parse(from.Input)?.AsObject() ?? []) : null,
        dto.CreatedByUserId, dto.CreatedAt);
}

public sealed partial record DocumentPage
{
    public static DocumentPage From(Page<DocumentDto> page) => new(page.Items.Select(Document.From).ToList(), page.NextCursor);
}
