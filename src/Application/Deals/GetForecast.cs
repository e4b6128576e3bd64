using System.Globalization;
using MakCrm.Application.Pipelines;
using MakCrm.Application.Targets;
using MakCrm.Domain.Access;
using MakCrm.Domain.Pipelines;
using MakCrm.Domain.Targets;

namespace MakCrm.Application.Deals;

/// <summary>The forecast of the caller's deals in [<paramref name="From"/>, <paramref name="To"/>), of one
/// pipeline or of all.</summary>
public sealed record GetForecastQuery(Guid? PipelineId, DateTimeOffset? From, DateTimeOffset? To) : IQuery<ForecastDto>
{
    /// <summary>Only this organization's deals (within the caller's scope); null: every one the caller reads.</summary>
    public Guid? OrganizationId { get; init; }

    /// <summary>Only the deals this user is responsible for; null: everyone's.</summary>
    public Guid? ResponsibleUserId { get; init; }
}

/// <summary>What a forecast's statements narrow the caller's deals to: a pipeline, an organization, a responsible
/// user (null: no narrowing).</summary>
public sealed record ForecastFilter(Guid? PipelineId, Guid? OrganizationId, Guid? ResponsibleUserId);

/// <summary>Closed deals of a pipeline or a client source: won, lost and the share won in percent.</summary>
public sealed record WinRateDto(Guid? PipelineId, string? Source, int Won, int Lost, decimal WinRate);

public sealed record ForecastDto(
    Guid? PipelineId,
    DateTimeOffset From,
    DateTimeOffset To,
    string TimeZone,
    decimal ExpectedAmount,
    IReadOnlyList<Contracts.ForecastMonth> Months,
    IReadOnlyList<WinRateDto> ByPipeline,
    IReadOnlyList<WinRateDto> BySource
)
{
    public Guid? OrganizationId { get; init; }

    public Guid? ResponsibleUserId { get; init; }

    /// <summary>The sum of <see cref="CloseMonths"/>' expected amounts.</summary>
    public decimal CloseExpectedAmount { get; init; }

    /// <summary>The months with the open deals expected to close in each, weighted by their own probability
    /// first.</summary>
    public IReadOnlyList<Contracts.ForecastMonth> CloseMonths { get; init; } = [];

    /// <summary>The targets of the period's months for the user or organization the forecast is narrowed to, with
    /// their attainment.</summary>
    public IReadOnlyList<Contracts.SalesTarget> Targets { get; init; } = [];
}

/// <summary>Open deals of one stage created (or expected to close) in one month: what the forecast weighs;
/// <paramref name="Probability"/> is the deals' own, null where their stage's applies.</summary>
public sealed record OpenDealsInMonth(
    int Year,
    int Month,
    Guid StageId,
    int Deals,
    decimal Amount,
    int? Probability = null
);

/// <summary>Closed deals of one pipeline and client source that ended won, or lost.</summary>
public sealed record ClosedDeals(Guid PipelineId, string Source, bool Won, int Deals);

/// <summary>How the forecast counts: months in Moscow time, a period of at most five years.</summary>
public static class Forecast
{
    public const string TimeZone = "Europe/Moscow";
    public const int MaxYears = 5;

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Every month of <see cref="TimeZone"/> that [from, to) touches, oldest first.</summary>
    public static IEnumerable<(int Year, int Month)> Months(DateTimeOffset from, DateTimeOffset to)
    {
        var first = TimeZoneInfo.ConvertTime(from, Zone);
        var last = TimeZoneInfo.ConvertTime(to.AddTicks(-1), Zone);
        for (
            var month = new DateTime(first.Year, first.Month, 1);
            month <= new DateTime(last.Year, last.Month, 1);
            month = month.AddMonths(1)
        )
        {
            yield return (month.Year, month.Month);
        }
    }

    /// <summary>The days of <see cref="TimeZone"/> that [from, to) touches, as [first, end): a close date counts when
    /// its day is in them.</summary>
    public static (DateOnly First, DateOnly End) Days(DateTimeOffset from, DateTimeOffset to) =>
        (
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime),
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to.AddTicks(-1), Zone).DateTime).AddDays(1)
        );

    public static string MonthName(int year, int month) =>
        new DateTime(year, month, 1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The share won, in percent with two decimals.</summary>
    public static decimal WinRate(int won, int lost) =>
        Math.Round(100m * won / (won + lost), 2, MidpointRounding.AwayFromZero);

    /// <summary>Each stage's weight in percent (<see cref="WinProbability.Effective"/>), by stage id.</summary>
    public static Dictionary<Guid, int> StageWeights(IEnumerable<PipelineDto> pipelines)
    {
        var weights = new Dictionary<Guid, int>();
        foreach (var pipeline in pipelines)
        {
            var working = pipeline.Stages.Where(s => s.Kind == StageKind.Working).OrderBy(s => s.Order).ToList();
            foreach (var stage in pipeline.Stages)
            {
                weights[stage.Id] = WinProbability.Effective(
                    stage.Kind,
                    stage.WinProbability,
                    working.IndexOf(stage) + 1,
                    working.Count
                );
            }
        }

        return weights;
    }
}

internal sealed class GetForecastValidator : AbstractValidator<GetForecastQuery>
{
    public GetForecastValidator()
    {
        RuleFor(q => q.From).NotNull().WithMessage("Is required.");
        RuleFor(q => q.To).NotNull().WithMessage("Is required.");
        RuleFor(q => q.To)
            .GreaterThan(q => q.From)
            .When(q => q.From is not null && q.To is not null)
            .WithMessage("Must be later than from.");
        RuleFor(q => q.To)
            .Must((q, to) => to <= q.From!.Value.AddYears(Forecast.MaxYears))
            .When(q => q.From is not null && q.To is not null)
            .WithMessage($"Must be at most {Forecast.MaxYears} years after from.");
    }
}

internal sealed class GetForecastHandler(
    IDealRepository deals,
    IPipelineRepository pipelines,
    ISalesTargetFactsReader targets,
    ICurrentActor actor
) : IQueryHandler<GetForecastQuery, ForecastDto>
{
    public async Task<Result<ForecastDto>> Handle(GetForecastQuery query, CancellationToken cancellationToken)
    {
        var known = await pipelines.ListAsync(cancellationToken);
        if (query.PipelineId is { } pipelineId && known.All(p => p.Id != pipelineId))
        {
            return PipelineRules.NotFound(pipelineId);
        }

        var (from, to) = (query.From!.Value.ToUniversalTime(), query.To!.Value.ToUniversalTime());
        var scope = DataScope.For(actor, Permissions.DealsReadAll);
        var filter = new ForecastFilter(query.PipelineId, query.OrganizationId, query.ResponsibleUserId);
        var weights = Forecast.StageWeights(known);
        var months = Forecast.Months(from, to).ToList();
        var open = await deals.OpenDealsByMonthAsync(scope, filter, from, to, Forecast.TimeZone, cancellationToken);
        var (firstDay, endDay) = Forecast.Days(from, to);
        var closing = await deals.OpenDealsByCloseMonthAsync(scope, filter, firstDay, endDay, cancellationToken);
        var byCreation = ByMonth(months, open, weights);
        var byClose = ByMonth(months, closing, weights);

        var closed = await deals.ClosedDealsAsync(scope, filter, from, to, cancellationToken);
        var byPipeline = closed
            .GroupBy(c => c.PipelineId)
            .Select(g => Rate(g, g.Key, null))
            .OrderBy(r => known.ToList().FindIndex(p => p.Id == r.PipelineId))
            .ToList();
        var bySource = closed
            .GroupBy(c => c.Source)
            .Select(g => Rate(g, null, g.Key))
            .OrderBy(r => r.Source, StringComparer.Ordinal)
            .ToList();
        return new ForecastDto(
            query.PipelineId,
            from,
            to,
            Forecast.TimeZone,
            byCreation.Sum(m => m.ExpectedAmount),
            byCreation,
            byPipeline,
            bySource
        )
        {
            OrganizationId = query.OrganizationId,
            ResponsibleUserId = query.ResponsibleUserId,
            CloseExpectedAmount = byClose.Sum(m => m.ExpectedAmount),
            CloseMonths = byClose,
            Targets = await TargetsAsync(query, scope, months, cancellationToken),
        };
    }

    /// <summary>
    /// The targets of the months for the user the forecast is narrowed to, else for its organization (or the caller's
    /// own, when it reads only its own): the organization's own target. A forecast of several organizations has
    /// none.
    /// </summary>
    private async Task<IReadOnlyList<Contracts.SalesTarget>> TargetsAsync(
        GetForecastQuery query,
        DataScope scope,
        List<(int Year, int Month)> months,
        CancellationToken cancellationToken
    )
    {
        var organization = query.OrganizationId ?? scope.OrganizationId;
        if (query.ResponsibleUserId is null && organization is null)
        {
            return [];
        }

        var filter = new SalesTargetFilter(
            scope,
            organization,
            query.ResponsibleUserId,
            query.ResponsibleUserId is null ? SalesTargetLevel.Organization : SalesTargetLevel.User,
            new DateOnly(months[0].Year, months[0].Month, 1),
            new DateOnly(months[^1].Year, months[^1].Month, 1)
        );
        return await targets.ListAsync(filter, months.Count, cancellationToken);
    }

    /// <summary>Each month's open deals, their amount and their amount weighted by their own probability or else their
    /// stage's.</summary>
    private static List<Contracts.ForecastMonth> ByMonth(
        IEnumerable<(int Year, int Month)> months,
        IEnumerable<OpenDealsInMonth> rows,
        Dictionary<Guid, int> weights
    )
    {
        var byMonth = rows.ToLookup(r => (r.Year, r.Month));
        return months
            .Select(m =>
            {
                var inMonth = byMonth[m].ToList();
                var expected = inMonth.Sum(r =>
                    r.Amount * (r.Probability ?? weights.GetValueOrDefault(r.StageId)) / 100m
                );
                return new Contracts.ForecastMonth(
                    Forecast.MonthName(m.Year, m.Month),
                    inMonth.Sum(r => r.Deals),
                    inMonth.Sum(r => r.Amount),
                    Money(expected)
                );
            })
            .ToList();
    }

    private static WinRateDto Rate(IEnumerable<ClosedDeals> rows, Guid? pipelineId, string? source)
    {
        var list = rows.ToList();
        var won = list.Where(r => r.Won).Sum(r => r.Deals);
        var lost = list.Where(r => !r.Won).Sum(r => r.Deals);
        return new WinRateDto(pipelineId, source, won, lost, Forecast.WinRate(won, lost));
    }

    private static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
