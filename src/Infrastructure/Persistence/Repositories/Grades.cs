using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Grades;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class Grades(MakCrmDbContext db) : IGrades
{
    public async Task<IReadOnlyList<Grade>> ListAsync(OrganizationKind? kind, CancellationToken cancellationToken) =>
        await db.Set<Grade>()
            .AsNoTracking()
            .Where(g => kind == null || g.OrganizationKind == kind)
            .OrderBy(g => g.OrganizationKind)
            .ThenBy(g => g.Rank)
            .ToListAsync(cancellationToken);

    public Task<Grade?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Grade>().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);

    public async Task<(bool CodeTaken, bool RankTaken)> TakenAsync(
        OrganizationKind kind,
        string code,
        int rank,
        Guid? except,
        CancellationToken cancellationToken
    )
    {
        var others = db.Set<Grade>().Where(g => g.OrganizationKind == kind && g.Id != except);
        return (
            await others.AnyAsync(g => g.Code == code, cancellationToken),
            await others.AnyAsync(g => g.Rank == rank, cancellationToken)
        );
    }

    public void Add(Grade grade) => db.Set<Grade>().Add(grade);

    public void Add(GradeRecord record) => db.Set<GradeRecord>().Add(record);

    public Task<IssuedLoans> IssuedAsync(
        Guid organizationId,
        DateOnly from,
        DateOnly to,
        CancellationToken cancellationToken
    ) => IssuedLoansOf(db, organizationId, from, to, cancellationToken);

    /// <summary>
    /// The live (not cancelled) loans issued in [from, to) on deals the organization owns or that came from its leads:
    /// a partner's lead usually becomes head office's deal, and its issued loan counts for the partner.
    /// </summary>
    internal static async Task<IssuedLoans> IssuedLoansOf(
        MakCrmDbContext db,
        Guid organizationId,
        DateOnly from,
        DateOnly to,
        CancellationToken cancellationToken
    )
    {
        var rows = await db
            .Database.SqlQuery<IssuedRow>(
                $"""
                SELECT COALESCE(SUM(d.loan_amount), 0) AS "Volume", COUNT(*)::int AS "Count"
                FROM deals d
                LEFT JOIN leads l ON l.id = d.lead_id
                WHERE (d.organization_id = {organizationId} OR l.organization_id = {organizationId})
                  AND d.deleted_at IS NULL AND d.loan_issue_no > 0 AND d.loan_cancelled_on IS NULL
                  AND d.loan_issued_on >= {from} AND d.loan_issued_on < {to}
                """
            )
            .ToListAsync(cancellationToken);
        return new IssuedLoans(rows[0].Volume, rows[0].Count);
    }

    public async Task<IReadOnlyList<GradeRecordDto>> HistoryAsync(
        Guid organizationId,
        KeysetPosition? after,
        bool descending,
        int take,
        CancellationToken cancellationToken
    )
    {
        var rows = await db.Set<GradeRecord>()
            .AsNoTracking()
            .Where(r => r.OrganizationId == organizationId)
            .Page(r => r.CreatedAt, descending, after, take)
            .ToListAsync(cancellationToken);
        return rows.Select(GradeRecordDto.From).ToList();
    }

    internal sealed record IssuedRow(decimal Volume, int Count);
}
