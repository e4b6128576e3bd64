using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Points;
using MakCrm.Domain.Common;
using MakCrm.Domain.Points;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;

namespace MakCrm.Infrastructure.Points;

internal sealed class PointRuleSets(MakCrmDbContext db) : IPointRuleSets
{
    public Task<PointRuleSet?> FindAsync(CancellationToken cancellationToken) =>
        db.Set<PointRuleSet>().FirstOrDefaultAsync(s => s.Id == PointRuleSet.SingletonId, cancellationToken);

    public void Add(PointRuleSet ruleSet) => db.Set<PointRuleSet>().Add(ruleSet);
}

internal sealed class PointsReader(MakCrmDbContext db) : IPointsReader
{
    private static readonly string Month = $"""
        WITH month AS (
            SELECT e.user_id, sum(e.points)::bigint AS points
            FROM points_entries e
            WHERE e.awarded_on >= @from AND e.awarded_on < @to
            GROUP BY e.user_id)
        SELECT m.user_id AS "UserId",
               {UserDisplayNames.Sql("u")} AS "DisplayName",
               m.points AS "Points",
               (row_number() OVER (ORDER BY m.points DESC, m.user_id))::int AS "Rank"
        FROM month m
        JOIN users u ON u.id = m.user_id
        WHERE EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name =
            @role)
        ORDER BY "Rank"
        """;

    public async Task<PointsUser?> UserAsync(Guid userId, CancellationToken cancellationToken) =>
        await db
            .Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new PointsUser(
                u.Id,
                u.OrganizationId,
                db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
                    .FirstOrDefault()
                    ?? ""
            ))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<(long Balance, IReadOnlyDictionary<PointSourceKind, int> Awards)> SummaryAsync(
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        var entries = db.Set<PointsEntryRow>().AsNoTracking().Where(e => e.UserId == userId);
        var balance =
            await entries
                .OrderByDescending(e => e.EntryNo)
                .Select(e => (long?)e.BalanceAfter)
                .FirstOrDefaultAsync(cancellationToken)
            ?? 0;

        // Awards that stand: no reversal of the same rule and source for the user.
        var standing = await entries
            .Where(a =>
                a.Kind == PointsAwarder.Award
                && !entries.Any(r => r.Kind == PointsAwarder.Reversal && r.Rule == a.Rule && r.Source == a.Source)
            )
            .GroupBy(a => a.Rule)
            .Select(g => new { Rule = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return (balance, standing.ToDictionary(s => SnakeCaseNames<PointSourceKind>.Stored(s.Rule), s => s.Count));
    }

    public async Task<IReadOnlyList<Contracts.PointsEntry>> EntriesAsync(
        Guid userId,
        KeysetPosition? after,
        bool descending,
        int take,
        CancellationToken cancellationToken
    )
    {
        var rows = await db.Set<PointsEntryRow>()
            .AsNoTracking()
            .Where(e => e.UserId == userId)
            .Page(e => e.RecordedAt, e => e.Id, descending, after, take)
            .ToListAsync(cancellationToken);
        return rows.Select(e => new Contracts.PointsEntry(
                e.Id,
                e.UserId,
                SnakeCaseNames<Contracts.PointsEntryKind>.Stored(e.Kind),
                SnakeCaseNames<PointSourceKind>.Stored(e.Rule),
                e.Source,
                e.Points,
                e.Reason is null ? null : SnakeCaseNames<Contracts.PointsEntryReason>.Stored(e.Reason),
                e.BalanceAfter,
                e.AwardedOn,
                e.OccurredAt,
                e.RecordedAt
            ))
            .ToList();
    }

    public async Task<IReadOnlyList<LeaderboardRowDto>> MonthAsync(
        string role,
        DateOnly month,
        CancellationToken cancellationToken
    ) =>
        await db
            .Database.SqlQueryRaw<LeaderboardRowDto>(
                Month,
                new NpgsqlParameter("from", month),
                new NpgsqlParameter("to", month.AddMonths(1)),
                new NpgsqlParameter("role", role)
            )
            .ToListAsync(cancellationToken);
}
