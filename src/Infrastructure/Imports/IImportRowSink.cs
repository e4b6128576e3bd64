using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>A claimed operation, as the worker and the sinks see it.</summary>
public sealed record ClaimedImport(
    Guid Id,
    Guid OrganizationId,
    Guid? UserId,
    string? ClientId,
    ImportKind Kind,
    ImportFileFormat Format,
    string? DefaultSource,
    long LastCommittedRow,
    int Attempts,
    IReadOnlyList<string> Roles
);

/// <summary>A data row of the file: its number (1 = the first row after the header) and its cells.</summary>
public sealed record ImportRow(long Number, string?[] Cells);

public sealed record BatchOutcome(int Created, int Duplicates, IReadOnlyList<(ImportRow Row, string Reason)> Rejected);

/// <summary>
/// What one kind of import does with its rows; <see cref="ImportRunner"/> does the rest (claiming, reading the file,
/// batching, progress, rejected rows, resuming). Sinks are registered keyed by their <see cref="ImportKind"/>:
/// client rows are <see cref="ClientImportSink"/>, lead rows <see cref="LeadImportSink"/>. A sink is made in a DI scope
/// of its own that acts for the import's uploader (<see cref="Application.Abstractions.Security.ActorOverride"/>).
/// </summary>
public interface IImportRowSink
{
    /// <summary>Rows per batch, that is per transaction.</summary>
    int BatchSize { get; }

    /// <summary>Prepares for a file with this header; a non-null answer is why the file cannot be imported.</summary>
    Task<string?> StartAsync(
        NpgsqlConnection connection,
        ClaimedImport import,
        IReadOnlyList<string?> header,
        CancellationToken cancellationToken
    );

    /// <summary>Writes one batch inside <paramref name="transaction"/>, which also records the progress.</summary>
    Task<BatchOutcome> WriteBatchAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ClaimedImport import,
        IReadOnlyList<ImportRow> rows,
        CancellationToken cancellationToken
    );
}
