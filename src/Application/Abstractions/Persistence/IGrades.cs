using MakCrm.Application.Grades;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The grade table, the grade history and the issued-loan figures grades are computed from.</summary>
public interface IGrades
{
    /// <summary>The table (of one organization kind, or all), by kind and then rank, best last.</summary>
    Task<IReadOnlyList<Grade>> ListAsync(OrganizationKind? kind, CancellationToken cancellationToken);

    /// <summary>A grade to change, tracked.</summary>
    Task<Grade?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether another grade of the kind has the code or the rank.</summary>
    Task<(bool CodeTaken, bool RankTaken)> TakenAsync(
        OrganizationKind kind,
        string code,
        int rank,
        Guid? except,
        CancellationToken cancellationToken
    );

    void Add(Grade grade);

    void Add(GradeRecord record);

    /// <summary>The loans issued (and not cancelled) on the organization's deals and its leads' deals, issued in [from,
    /// to).</summary>
    Task<IssuedLoans> IssuedAsync(Guid organizationId, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>One page of the organization's grade history, newest first.</summary>
    Task<IReadOnlyList<GradeRecordDto>> HistoryAsync(
        Guid organizationId,
        KeysetPosition? after,
        bool descending,
        int take,
        CancellationToken cancellationToken
    );
}
