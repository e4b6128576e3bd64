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
    DateTimeOffset? FinishedAt);

/// <summary>One rejected row: its number in the file (1 = the first row after the header), its cells as read, and why.</summary>
public sealed record RejectedRowDto(long RowNumber, string?[] Cells, string Reason);
