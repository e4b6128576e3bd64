using MakCrm.Domain.Imports;

namespace MakCrm.Application.Transfer;

public sealed record ImportFailure(string Code, string Detail);

public sealed record ImportOperationDto(
    Guid Id,
    Guid OrganizationId,
    ImportKind Kind,
    ImportStatus Status,
    string FileName,
    ImportFileFormat FileFormat,
    long FileSize,
    string? DefaultSource,
    long RowsRead,
    long Created,
    long Duplicates,
    long Rejected,
    ImportFailure? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt
) : IAnswersAs<Contracts.ImportOperation>
{
    Contracts.ImportOperation IAnswersAs<Contracts.ImportOperation>.ToRecord() => Contracts.ImportOperation.From(this);
}

/// <summary>One rejected row: its number in the file (1 = the first row after the header), its cells as read, and
/// why.</summary>
public sealed record RejectedRowDto(long RowNumber, string?[] Cells, string Reason);

/// <summary>A file import running in the background as the API answers it (schema <c>ImportOperation</c>).</summary>
public static class ImportOperationAnswers
{
    extension(Contracts.ImportOperation)
    {
        public static Contracts.ImportOperation From(ImportOperationDto dto) =>
            new(
                dto.Id,
                dto.OrganizationId,
                dto.Kind,
                dto.Status,
                dto.FileName,
                dto.FileFormat,
                dto.FileSize,
                dto.DefaultSource,
                new Contracts.ImportCounts(dto.RowsRead, dto.Created, dto.Duplicates, dto.Rejected),
                dto.Failure is null ? null : new Contracts.ImportFailure(dto.Failure.Code, dto.Failure.Detail),
                dto.CreatedAt,
                dto.StartedAt,
                dto.FinishedAt
            );
    }
}
