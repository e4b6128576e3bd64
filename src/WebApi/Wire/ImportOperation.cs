using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using ImportFailure = MakCrm.Contracts.ImportFailure;

namespace MakCrm.WebApi.Wire;

/// <summary>The multipart form of <c>POST /api/v1/imports</c> (schema <c>ImportUpload</c>), for the OpenAPI description.</summary>
public sealed record ImportUpload
{
    public required IFormFile File { get; init; }

    public required Domain.Imports.ImportKind Kind { get; init; }

    public string? Source { get; init; }
}

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class ImportOperationMappings
{
    /// <summary>A file import running in the background (schema <c>ImportOperation</c>).</summary>
    extension(ImportOperation)
    {
        public static ImportOperation From(ImportOperationDto dto) => new(
            dto.Id, dto.OrganizationId, dto.Kind, dto.Status, dto.FileName, dto.FileFormat, dto.FileSize, dto.DefaultSource,
            new ImportCounts(dto.RowsRead, dto.Created, dto.Duplicates, dto.Rejected),
            dto.Failure is null ? null : new ImportFailure(dto.Failure.Code, dto.Failure.Detail),
            dto.CreatedAt, dto.StartedAt, dto.FinishedAt);
    }
}
