using MakCrm.Application.Reports;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Runs a checked report plan as parameterised SQL, read-only and under a statement timeout.</summary>
public interface IReportEngine
{
    /// <summary>The result, or 422 <c>report_too_expensive</c> when the database gave up on it.</summary>
    Task<Result<ReportResult>> RunAsync(ReportPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// The plan's rows (at most <see cref="ReportPlan.Limit"/>) as a stream read from the database while they are
    /// consumed, under the export's longer time limit. The statement has run up to its first row when this answers,
    /// so a timeout before it is still the 422 <c>report_too_expensive</c>; the stream holds a connection until it is
    /// read to the end or disposed.
    /// </summary>
    Task<Result<IReportRowStream>> StreamAsync(ReportPlan plan, CancellationToken cancellationToken);
}

/// <summary>A report's rows being read: cells as in <see cref="ReportResult.Rows"/>, then, when the plan shows personal
/// data, the row's clients (a <see cref="Guid"/> array, see <see cref="ReportReads.Recorded"/>); read once, then
/// disposed.</summary>
public interface IReportRowStream : IAsyncDisposable
{
    IAsyncEnumerable<object?[]> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Who asks for saved reports: the owner sees and changes its own; roles it shares with see and run
/// them.</summary>
public sealed record SavedReportReader(
    Guid? UserId,
    string? ClientId,
    Guid OrganizationId,
    IReadOnlyList<string> Roles,
    bool All
);

public interface ISavedReportRepository
{
    void Add(SavedReport report);

    /// <summary>A report the reader may read (its own, one shared with one of its roles, or any with
    /// <c>All</c>).</summary>
    Task<SavedReportDto?> GetAsync(Guid id, SavedReportReader reader, CancellationToken cancellationToken);

    /// <summary>A report the reader may change: its own, or any with <c>All</c>.</summary>
    Task<SavedReport?> FindOwnedAsync(Guid id, SavedReportReader reader, CancellationToken cancellationToken);

    /// <summary>A page of the reports the reader may read, newest first.</summary>
    Task<IReadOnlyList<SavedReportDto>> ListAsync(
        SavedReportReader reader,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );
}
