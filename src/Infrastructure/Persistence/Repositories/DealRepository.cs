using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Deals;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Pipelines;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class DealRepository(MakCrmDbContext db) : IDealRepository
{
    /// <summary>The forecast statements' scope: the organization (<c>@organization</c>, null for all) and the
    /// filter's pipeline, organization and responsible user (each null for all).</summary>
    private const string InScope =
        "(@organization IS NULL OR d.organization_id = @organization) AND (@pipeline IS NULL OR d.pipeline_id = "
        + "@pipeline) AND (@only_organization IS NULL OR d.organization_id = @only_organization) AND "
        + "(@responsible IS NULL OR d.responsible_user_id = @responsible)";

    private static readonly string CloseSql = $"""
        SELECT date_part('year', d.expected_close_date)::int AS "Year",
               date_part('month', d.expected_close_date)::int AS "Month",
               d.stage_id AS "StageId", d.probability AS "Probability", count(*)::int AS "Deals",
               sum(d.amount) AS "Amount"
        FROM deals d
        WHERE d.deleted_at IS NULL AND d.closed_at IS NULL AND d.expected_close_date >= @first_day
          AND d.expected_close_date < @end_day AND {InScope}
        GROUP BY 1, 2, 3, 4
        """;

    private static readonly string OpenSql = $"""
        SELECT date_part('year', d.created_at AT TIME ZONE @zone)::int AS "Year",
               date_part('month', d.created_at AT TIME ZONE @zone)::int AS "Month",
               d.stage_id AS "StageId", count(*)::int AS "Deals", sum(d.amount) AS "Amount"
        FROM deals d
        WHERE d.deleted_at IS NULL AND d.closed_at IS NULL AND d.created_at >= @from AND d.created_at < @to
          AND {InScope}
        GROUP BY 1, 2, 3
        """;

    /// <summary>A deal is closed while it is in its pipeline's won or lost stage; the source is its client's.</summary>
    private static readonly string ClosedSql = $"""
        SELECT d.pipeline_id AS "PipelineId", c.source AS "Source", s.kind = {EnumLiterals.Of(StageKind.Won)} AS "Won",
               count(*)::int AS "Deals"
        FROM deals d
        JOIN pipeline_stages s ON s.id = d.stage_id
        JOIN clients c ON c.id = d.client_id
        WHERE d.deleted_at IS NULL AND d.closed_at >= @from AND d.closed_at < @to
          AND {InScope}
        GROUP BY 1, 2, 3
        """;

    private static readonly Expression<Func<Deal, DealDto>> ToDto = d => new DealDto(
        d.Id,
        d.OrganizationId,
        d.ClientId,
        d.LeadId,
        d.Title,
        d.Amount,
        d.Bank,
        d.Product,
        d.ResponsibleUserId,
        d.PipelineId,
        d.StageId,
        d.ClosedAt,
        d.CreatedAt,
        d.UpdatedAt,
        d.Version,
        d.LoanIssueNo == 0
            ? null
            : new LoanIssueDto(
                d.LoanIssueNo,
                d.LoanIssuedOn!.Value,
                d.LoanAmount!.Value,
                d.LoanBankCode!,
                d.LoanProduct!.Value,
                d.LoanTermMonths!.Value,
                d.LoanCancelledOn,
                d.LoanCancellationReason,
                d.LoanFeeAmount == null
                    ? null
                    : new LoanFee(d.LoanFeeAmount.Value, d.LoanFeeReceivedOn!.Value, d.LoanFeeReference)
            )
    )
    {
        CustomFields = CustomFieldValues.Stored(d.CustomFields),
        ExpectedCloseDate = d.ExpectedCloseDate,
        Probability = d.Probability,
    };

    public Task<Deal?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Deal>().InScope(scope).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public Task<List<Deal>> InStageAsync(Guid stageId, CancellationToken cancellationToken) =>
        db.Set<Deal>().Where(d => d.StageId == stageId).ToListAsync(cancellationToken);

    public Task<int> CountInPipelineAsync(Guid pipelineId, CancellationToken cancellationToken) =>
        db.Set<Deal>().CountAsync(d => d.PipelineId == pipelineId, cancellationToken);

    public Task<bool> ExistsAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Deal>().InScope(scope).AnyAsync(d => d.Id == id, cancellationToken);

    public void Add(Deal deal) => db.Set<Deal>().Add(deal);

    public Task<DealDto?> GetAsync(Guid id, DataScope scope, DataScope? clients, CancellationToken cancellationToken) =>
        WithClient(db.Set<Deal>().AsNoTracking().InScope(scope).Where(d => d.Id == id), clients)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Contracts.ListTotal> TotalAsync(DealListCriteria criteria, CancellationToken cancellationToken) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<Deal> Matching(DealListCriteria criteria) =>
        Filter(db.Set<Deal>().AsNoTracking().InScope(criteria.Scope), criteria.Filter).UpdatedWithin(criteria.Updated);

    public async Task<IReadOnlyList<DealDto>> ListAsync(
        DealListCriteria criteria,
        CancellationToken cancellationToken
    ) => await ListQuery(criteria).ToListCompiledAsync(db, cancellationToken);

    /// <summary>The page <see cref="ListAsync"/> reads, as a query.</summary>
    internal IQueryable<DealDto> ListQuery(DealListCriteria criteria)
    {
        var query = Matching(criteria);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort switch
        {
            { CustomFieldKey: { } key } => query.PageByCustomField(key, sort.Descending, after, take),
            { Field: DealSortField.CreatedAt } => query.Page(d => d.CreatedAt, sort.Descending, after, take),
            { Field: DealSortField.UpdatedAt } => query.Page(d => d.UpdatedAt, sort.Descending, after, take),
            { Field: DealSortField.Amount } => query.Page(d => d.Amount, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return WithClient(query, criteria.Clients);
    }

    public async Task<IReadOnlyList<DealStageChangeDto>> HistoryAsync(
        Guid dealId,
        CancellationToken cancellationToken
    ) =>
        await db.Set<DealStageChange>()
            .AsNoTracking()
            .Where(h => h.DealId == dealId)
            .OrderBy(h => h.At)
            .ThenBy(h => h.Id)
            .Select(h => new DealStageChangeDto(
                h.Id,
                h.At,
                h.ActorUserId,
                h.ActorClientId,
                h.FromPipelineId,
                h.FromStageId,
                h.ToPipelineId,
                h.ToStageId
            ))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<OpenDealsInMonth>> OpenDealsByMonthAsync(
        DataScope scope,
        ForecastFilter filter,
        DateTimeOffset from,
        DateTimeOffset to,
        string timeZone,
        CancellationToken cancellationToken
    )
    {
        var rows = await db
            .Database.SqlQueryRaw<OpenRow>(
                OpenSql,
                Parameters(scope, filter, [.. Period(from, to), new NpgsqlParameter("zone", timeZone)])
            )
            .ToListAsync(cancellationToken);
        return rows.Select(r => new OpenDealsInMonth(r.Year, r.Month, r.StageId, r.Deals, r.Amount)).ToList();
    }

    public async Task<IReadOnlyList<OpenDealsInMonth>> OpenDealsByCloseMonthAsync(
        DataScope scope,
        ForecastFilter filter,
        DateOnly from,
        DateOnly to,
        CancellationToken cancellationToken
    )
    {
        var days = Parameters(
            scope,
            filter,
            new NpgsqlParameter("first_day", NpgsqlDbType.Date) { Value = from },
            new NpgsqlParameter("end_day", NpgsqlDbType.Date) { Value = to }
        );
        var rows = await db.Database.SqlQueryRaw<CloseRow>(CloseSql, days).ToListAsync(cancellationToken);
        return rows.Select(r => new OpenDealsInMonth(r.Year, r.Month, r.StageId, r.Deals, r.Amount, r.Probability))
            .ToList();
    }

    public async Task<IReadOnlyList<ClosedDeals>> ClosedDealsAsync(
        DataScope scope,
        ForecastFilter filter,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken
    )
    {
        var rows = await db
            .Database.SqlQueryRaw<ClosedRow>(ClosedSql, Parameters(scope, filter, Period(from, to)))
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ClosedDeals(r.PipelineId, r.Source, r.Won, r.Deals)).ToList();
    }

    /// <summary>The deals with their client's summary, read in the same statement, when <paramref name="clients"/>
    /// includes the client's organization.</summary>
    private IQueryable<DealDto> WithClient(IQueryable<Deal> deals, DataScope? clients) =>
        clients is null
            ? deals.Select(ToDto)
            : ClientSummaries.Join(deals, ToDto, db.Set<Client>(), clients, d => d.ClientId);

    private static object[] Parameters(DataScope scope, ForecastFilter filter, params NpgsqlParameter[] more) =>
        [
            Uuid("organization", scope.OrganizationId),
            Uuid("pipeline", filter.PipelineId),
            Uuid("only_organization", filter.OrganizationId),
            Uuid("responsible", filter.ResponsibleUserId),
            .. more,
        ];

    private static NpgsqlParameter[] Period(DateTimeOffset from, DateTimeOffset to) =>
        [
            new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = from },
            new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = to },
        ];

    private IQueryable<Deal> Filter(IQueryable<Deal> query, DealFilter filter)
    {
        query = query.WhereCustomFields(filter.CustomFields);

        if (filter.Search is not null)
        {
            // The title by its trigram index, the client by the client list's own search (trigram indexes too).
            var search = TextSearch.From(filter.Search);
            query = query.WhereOwnTextOrClientMatches(
                db.Set<Deal>(),
                d => EF.Functions.ILike(d.Title, search.Pattern, TextSearch.Escape),
                ClientRepository.Matching(db.Set<Client>(), search)
            );
        }

        if (filter.AmountMin is { } min)
        {
            query = query.Where(d => d.Amount >= min);
        }

        if (filter.AmountMax is { } max)
        {
            query = query.Where(d => d.Amount <= max);
        }

        query = query.CreatedWithin(filter.Created);

        if (filter.ClosedFrom is { } closedFrom)
        {
            query = query.Where(d => d.ClosedAt >= closedFrom);
        }

        if (filter.ClosedTo is { } closedTo)
        {
            query = query.Where(d => d.ClosedAt < closedTo);
        }

        if (filter.State is { } state)
        {
            query =
                state == Contracts.DealState.Closed
                    ? query.Where(d => d.ClosedAt != null)
                    : query.Where(d => d.ClosedAt == null);
        }

        if (filter.PipelineId is { } pipeline)
        {
            query = query.Where(d => d.PipelineId == pipeline);
        }

        if (filter.StageId is { } stage)
        {
            query = query.Where(d => d.StageId == stage);
        }

        if (filter.ResponsibleUserId is { } responsible)
        {
            query = query.Where(d => d.ResponsibleUserId == responsible);
        }

        if (filter.ClientId is { } client)
        {
            query = query.Where(d => d.ClientId == client);
        }

        if (filter.LeadId is { } lead)
        {
            query = query.Where(d => d.LeadId == lead);
        }

        return query;
    }

    private static NpgsqlParameter Uuid(string name, Guid? value) =>
        new(name, NpgsqlDbType.Uuid) { Value = value is { } id ? id : DBNull.Value };

    private sealed class CloseRow
    {
        public int Year { get; init; }

        public int Month { get; init; }

        public Guid StageId { get; init; }

        public int? Probability { get; init; }

        public int Deals { get; init; }

        public decimal Amount { get; init; }
    }

    private sealed class OpenRow
    {
        public int Year { get; init; }

        public int Month { get; init; }

        public Guid StageId { get; init; }

        public int Deals { get; init; }

        public decimal Amount { get; init; }
    }

    private sealed class ClosedRow
    {
        public Guid PipelineId { get; init; }

        public string Source { get; init; } = "";

        public bool Won { get; init; }

        public int Deals { get; init; }
    }
}
