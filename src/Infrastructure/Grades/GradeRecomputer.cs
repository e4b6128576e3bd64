using MakCrm.Application.Common;
using MakCrm.Application.Grades;
using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Grades;

/// <summary>
/// The monthly grade recompute, one organization per transaction. It claims an active partner or franchisee (of a kind
/// the grade table has grades for) that has no computed line for the month yet, with <c>FOR UPDATE SKIP LOCKED</c>, so
/// recomputers of several instances never take the same one; the unique index on (organization, month) of computed
/// lines makes a second recompute of a month impossible. The grade is judged on the loans issued in the whole months
/// before the month (each grade over its own period), recorded in the history and copied to the organization's grade
/// unless head office overrode it after the line's day.
/// </summary>
[Scoped]
public sealed class GradeRecomputer(MakCrmDbContext db, TimeProvider clock)
{
    private static readonly string DueSql = $$"""
        SELECT o.* FROM organizations o
        WHERE o.deleted_at IS NULL AND o.status = {{EnumLiterals.Of(OrganizationStatus.Active)}}
          AND o.kind IN (SELECT g.organization_kind FROM grades g)
          AND NOT EXISTS (SELECT 1 FROM grade_history h
                          WHERE h.organization_id = o.id AND h.source = {{EnumLiterals.Of(GradeSource.Computed)}}
                            AND h.period_end = {0})
        ORDER BY o.id
        LIMIT 1
        FOR UPDATE OF o SKIP LOCKED
        """;

    /// <summary>Recomputes one organization for the current month (by the clock); false when none is left.</summary>
    public Task<bool> RecomputeNextAsync(CancellationToken cancellationToken) =>
        RecomputeNextAsync(GradeCalendar.MonthOf(GradeCalendar.Today(clock)), cancellationToken);

    /// <summary>Recomputes one organization for <paramref name="month"/> (its first day); false when none is
    /// left.</summary>
    public async Task<bool> RecomputeNextAsync(DateOnly month, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Set<Organization>()
            .FromSqlRaw(DueSql, month)
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return false;
        }

        var organization = due[0];
        var table = await db.Set<Grade>()
            .AsNoTracking()
            .Where(g => g.OrganizationKind == organization.Kind)
            .ToListAsync(cancellationToken);
        var figures = new Dictionary<int, IssuedLoans>();
        foreach (var months in table.Select(g => g.PeriodMonths).Distinct())
        {
            figures[months] = await Persistence.Repositories.Grades.IssuedLoansOf(
                db,
                organization.Id,
                month.AddMonths(-months),
                month,
                cancellationToken
            );
        }

        var reached = Grade.Highest(table, months => figures[months]);
        var judgedOver = reached?.PeriodMonths ?? table.Min(g => g.PeriodMonths);
        var today = GradeCalendar.Today(clock);
        var now = clock.UtcNowMicroseconds();
        var line = GradeRecord.Computed(
            clock.NewId(),
            organization.Id,
            month,
            today,
            reached?.Code,
            organization.Grade,
            figures[judgedOver],
            month.AddMonths(-judgedOver),
            now
        );
        db.Set<GradeRecord>().Add(line);

        // An override set after the line's day stays the current grade until the next month's recompute.
        var overriddenLater = await db.Set<GradeRecord>()
            .AnyAsync(
                r =>
                    r.OrganizationId == organization.Id
                    && r.Source == GradeSource.Override
                    && r.EffectiveFrom > line.EffectiveFrom,
                cancellationToken
            );
        if (!overriddenLater && organization.Grade != line.Grade)
        {
            organization.SetGrade(line.Grade, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }
}
