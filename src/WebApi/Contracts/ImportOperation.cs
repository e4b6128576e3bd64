using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Imports;

namespace MakCrm.WebApi.Contracts;

/// <summary>A file import running in the background (schema <c>ImportOperation</c>).</summary>
public sealed partial record ImportOperation
{
    public static ImportOperation From(ImportOperationDto dto) => new(
        dto.Id, dto.OrganizationId, dto.Kind, dto.Status, dto.FileName, dto.FileFormat, dto.FileSize, dto.DefaultSource,
        new ImportCounts(dto.RowsRead, dto.Created, dto.Duplicates, dto.Rejected),
        dto.Failure is null ? null : new ImportFailure(dto.Failure.Code, dto.Failure.Detail),
        dto.CreatedAt, dto.StartedAt, dto.FinishedAt);
}

public sealed partial record ImportOperationPage
{
    public static ImportOperationPage From(Page<ImportOperationDto> page) => new(page.Items.Select(ImportOperation.From).ToList(), page.NextCursor);
}

/// <summary>The multipart form of <c>POST /api/v1/imports</c> (schema <c>ImportUpload</c>), for the OpenAPI description.</summary>
public sealed record ImportUpload
{
    public required IFormFile File { get; init; }

    public required ImportKind Kind { get; init; }

    public string? Source { get; init; }
}
