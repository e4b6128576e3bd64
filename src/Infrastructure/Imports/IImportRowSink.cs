using MakCrm.Domain.Imports;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>A claimed operation, as the worker and the sinks see it.</summary>
public sealed record ClaimedImport(Guid Id, Guid OrganizationId, Guid? UserId, ImportKind Kind, ImportFileFormat Format, string? DefaultSource, long LastCommittedRow, int Attempts);

/// <summary>A data row of the file: its number (1 = the first row after the header) and its cells.</summary>
public sealed record ImportRow(long Number, string?[] Cells);

public sealed record BatchOutcome(int Created, int Duplicates, IReadOnlyList<(ImportRow Row, string Reason)> Rejected);

/// <summary>
/// What one kind of import does with its rows; <see cref="ImportRunner"/> does the rest (claiming, reading the file,
/// batching, progress, rejected rows, resuming). Client rows are <see cref="ClientImportSink"/>; lead rows
/// (<c>kind=leads</c>) are meant to plug in here with a sink that hands each row to the lead intake (ILeadIntake) and
/// its duplicate control.
/// </summary>
public interface IImportRowSink
{
    ImportKind Kind { get; }

    /// <summary>Prepares for a file with this header; a non-null answer is why the file cannot be imported.</summary>
    Task<string?> StartAsync(NpgsqlConnection connection, ClaimedImport import, IReadOnlyList<string?> header, CancellationToken cancellationToken);

    /// <summary>Writes one batch inside <paramref name="transaction"/>, which also records the progress.</summary>
    Task<BatchOutcome> WriteBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimedImport import, IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken);
}
