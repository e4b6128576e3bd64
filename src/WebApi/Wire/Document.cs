using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class DocumentMappings
{
    /// <summary>A document's metadata (schema <c>Document</c>).</summary>
    extension(Document)
    {
        public static Document From(DocumentDto dto) =>
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
                    ? new DocumentGeneratedFrom(
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
