using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Deals;
using MakCrm.Application.Targets;
using MakCrm.Domain.Common;
using MakCrm.Domain.Pipelines;
using MakCrm.Domain.Targets;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class SalesTargetRepository(MakCrmDbContext db) : ISalesTargetRepository
{
    public async Task<IReadOnlyList<SalesTarget>> ListAsync(
        SalesTargetListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = SalesTargetQueries.Filter(db.Set<SalesTarget>().AsNoTracking(), criteria.Filter);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            SalesTargetSortField.Month => query.Page(t => t.Month, sort.Descending, after, take),
            SalesTargetSortField.CreatedAt => query.Page(t => t.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.ToListAsync(cancellationToken);
    }

    public Task<SalesTarget?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<SalesTarget>().AsNoTracking().InScope(scope).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public Task<SalesTarget?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<SalesTarget>().InScope(scope).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public Task<bool> TakenAsync(
        Guid organizationId,
        Guid? userId,
        DateOnly month,
        CancellationToken cancellationToken
    ) =>
        db.Set<SalesTarget>()
            .AnyAsync(
                t => t.OrganizationId == organizationId && t.UserId == userId && t.Month == month,
                cancellationToken
            );

    public void Add(SalesTarget created) => db.Set<SalesTarget>().Add(created);
}

/// <summary>The targets' filter, shared by the list and the dashboards' reads.</summary>
internal static class SalesTargetQueries
{
    public static IQueryable<SalesTarget> Filter(IQueryable<SalesTarget> query, SalesTargetFilter filter)
    {
        query = query.InScope(filter.Scope).OfOrganization(filter.OrganizationId);
        if (filter.UserId is { } userId)
        {
            query = query.Where(t => t.UserId == userId);
        }

        query = filter.Level switch
        {
            SalesTargetLevel.Organization => query.Where(t => t.UserId == null),
            SalesTargetLevel.User => query.Where(t => t.UserId != null),
            _ => query,
        };
        if (filter.MonthFrom is { } from)
        {
            query = query.Where(t => t.Month >= from);
        }

        if (filter.MonthTo is { } to)
        {
            query = query.Where(t => t.Month <= to);
        }

        return query;
    }
}

/// <summary>
/// What targets' months reached, on a context of its own (the dashboards' computations may outlive their request):
/// the deals won in the month (in a won stage, closed in the month in <see cref="Forecast.TimeZone"/>) of the
/// organization, or that the user is responsible for, and the names to show.
/// </summary>
internal sealed class SalesTargetFactsReader(IDbContextFactory<MakCrmDbContext> contexts) : ISalesTargetFactsReader
{
    private static readonly string FactsSql = $"""
        SELECT k.i::int AS "Index", coalesce(o.name, '') AS "OrganizationName", u.full_name AS "UserName",
               count(d.id)::int AS "WonDeals", coalesce(sum(d.amount), 0) AS "WonAmount"
        FROM unnest(@organizations, @users, @months) WITH ORDINALITY AS k(organization_id, user_id, month, i)
        LEFT JOIN organizations o ON o.id = k.organization_id
        LEFT JOIN users u ON u.id = k.user_id
        LEFT JOIN deals d ON d.organization_id = k.organization_id
          AND (k.user_id IS NULL OR d.responsible_user_id = k.user_id)
          AND d.deleted_at IS NULL
          AND d.closed_at >= (k.month::timestamp AT TIME ZONE @zone)
          AND d.closed_at < ((k.month + interval '1 month') AT TIME ZONE @zone)
          AND d.stage_id IN (SELECT s.id FROM pipeline_stages s WHERE s.kind = {EnumLiterals.Of(StageKind.Won)})
        GROUP BY k.i, o.name, u.full_name
        ORDER BY k.i
        """;

    public async Task<IReadOnlyList<SalesTargetFacts>> ReadAsync(
        IReadOnlyList<SalesTarget> targets,
        CancellationToken cancellationToken
    )
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, targets, cancellationToken);
    }

    public async Task<IReadOnlyList<Contracts.SalesTarget>> ListAsync(
        SalesTargetFilter filter,
        int take,
        CancellationToken cancellationToken
    )
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var targets = await SalesTargetQueries
            .Filter(db.Set<SalesTarget>().AsNoTracking(), filter)
            .OrderBy(t => t.Month)
            .ThenBy(t => t.OrganizationId)
            .ThenBy(t => t.UserId != null)
            .ThenBy(t => t.UserId)
            .Take(take)
            .ToListAsync(cancellationToken);
        if (targets.Count == 0)
        {
            return [];
        }

        var facts = await ReadAsync(db, targets, cancellationToken);
        return targets.Select((t, i) => SalesTargetAnswers.Of(t, facts[i])).ToList();
    }

    private static async Task<IReadOnlyList<SalesTargetFacts>> ReadAsync(
        MakCrmDbContext db,
        IReadOnlyList<SalesTarget> targets,
        CancellationToken cancellationToken
    )
    {
        object[] parameters =
        [
            new NpgsqlParameter("organizations", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
            {
                Value = targets.Select(t => t.OrganizationId).ToArray(),
            },
            new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
            {
                Value = targets.Select(t => t.UserId).ToArray(),
            },
            new NpgsqlParameter("months", NpgsqlDbType.Array | NpgsqlDbType.Date)
            {
                Value = targets.Select(t => t.Month).ToArray(),
            },
            new NpgsqlParameter("zone", NpgsqlDbType.Text) { Value = Forecast.TimeZone },
        ];
        var rows = await db.Database.SqlQueryRaw<FactsRow>(FactsSql, parameters).ToListAsync(cancellationToken);
        return rows.Select(r => new SalesTargetFacts(
                r.OrganizationName,
                r.UserName,
                r.WonDeals,
                Money.ToKopecks(r.WonAmount)
            ))
            .ToList();
    }

    private sealed class FactsRow
    {
        public int Index { get; init; }

        public string OrganizationName { get; init; } = "";

        public string? UserName { get; init; }

        public int WonDeals { get; init; }

        public decimal WonAmount { get; init; }
    }
}
