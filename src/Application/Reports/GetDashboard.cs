using MakCrm.Application.Targets;
using MakCrm.Domain.Access;
using MakCrm.Domain.Reports;
using MakCrm.Domain.Targets;

namespace MakCrm.Application.Reports;

/// <summary>A dashboard over a period of whole days (both included) in a time zone; a missing end is today, a missing
/// start 30 days before the end.</summary>
public sealed record GetDashboardQuery(string Name, DateOnly? From, DateOnly? To, string? TimeZone)
    : IQuery<DashboardResult>;

public sealed record DashboardPanelResult(string Key, string Title, ReportDefinition Query, ReportResult Result);

/// <summary>A dashboard's panels as computed at <see cref="GeneratedAt"/> (at most the cache's age before the
/// request).</summary>
public sealed record DashboardResult(
    string Name,
    string Title,
    DateOnly From,
    DateOnly To,
    string TimeZone,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<DashboardPanelResult> Panels
)
{
    /// <summary>Attainment: the targets of the period's months with what was won against each.</summary>
    public IReadOnlyList<Contracts.SalesTarget> Targets { get; init; } = [];
}

internal sealed class GetDashboardHandler(DashboardReader dashboards)
    : IQueryHandler<GetDashboardQuery, DashboardResult>
{
    public Task<Result<DashboardResult>> Handle(GetDashboardQuery query, CancellationToken cancellationToken) =>
        dashboards.ReadAsync(query, cancellationToken);
}

/// <summary>
/// A dashboard for the caller: its audience checked, its period resolved, its panels planned in the caller's scope and
/// run (or taken from the cache), for the JSON answer and the PDF alike.
/// </summary>
internal sealed class DashboardReader(
    IReportEngine engine,
    ISalesTargetFactsReader targets,
    ICurrentActor actor,
    DashboardCache cache,
    IPersonalDataReads reads,
    TimeProvider clock
)
{
    public const int DefaultDays = 30;

    /// <summary>The most targets a dashboard shows.</summary>
    public const int MaxTargets = 100;

    public async Task<Result<DashboardResult>> ReadAsync(GetDashboardQuery query, CancellationToken cancellationToken)
    {
        if (Dashboards.Find(query.Name) is not { } dashboard)
        {
            return new Error(
                ErrorCodes.NotFound,
                $"There is no dashboard '{query.Name}': use one of "
                    + $"{string.Join(", ", Dashboards.All.Select(d => d.Name))}.",
                ErrorKind.NotFound
            );
        }

        var audience = new DashboardMustBeMeantForCaller(
            dashboard.Name,
            dashboard.Audience,
            new DashboardViewer(actor.OrganizationId, actor.Roles, actor.UserId)
        );
        if (audience.IsBroken())
        {
            return audience.Error;
        }

        if (ReportPlanner.FindTimeZone(query.TimeZone) is not { } zone)
        {
            return Error.Validation("timeZone", ReportPlanner.TimeZoneHint);
        }

        var now = clock.UtcNowMicroseconds();
        var to = query.To ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var from = query.From ?? to.AddDays(1 - DefaultDays);
        if (from > to)
        {
            return Error.Validation("from", "Must not be after to.");
        }

        var panels = new List<(DashboardPanel Panel, ReportPlan Plan)>();
        foreach (var panel in dashboard.Panels(new DashboardPeriod(from, to, zone.Id, actor.UserId, now)))
        {
            var plan = ReportPlanner.Plan(panel.Query, actor);
            if (plan.IsSuccess)
            {
                panels.Add((panel, plan.Value));
            }
            else if (plan.Error!.Code != ErrorCodes.ReportDatasetForbidden)
            {
                // The dashboards' queries are constants of the code over the catalogue: a refusal is a defect, not the
                // caller's.
                throw new InvalidOperationException(
                    $"The dashboard panel {dashboard.Name}/{panel.Key} does not plan: {plan.Error.Message}"
                );
            }

            // A panel over a dataset the role matrix no longer lets the caller read is left out.
        }

        // Callers who would get the same numbers share an entry: the same dashboard, period and zone, the same scope
        // for every panel (and the same user for a personal dashboard).
        var scopes = string.Join(
            ",",
            panels.Select(p => $"{p.Panel.Key}:{p.Plan.Scope.OrganizationId?.ToString("N") ?? "*"}")
        );
        var attainment = TargetsOf(dashboard, from, to);
        var key =
            $"{dashboard.Name}|{from:yyyy-MM-dd}|{to:yyyy-MM-dd}|{zone.Id}|"
            + $"{(dashboard.Personal ? actor.UserId?.ToString("N") : "")}|{scopes}|"
            + $"targets:{(attainment is null ? "-" : attainment.Scope.OrganizationId?.ToString("N") ?? "*")}";
        var read = await cache.GetAsync(
            key,
            at => RunAsync(dashboard, from, to, zone.Id, at, panels, attainment),
            cancellationToken
        );
        // Recorded for each caller, the cached answers too: each is shown to this caller.
        foreach (var panel in read.IsSuccess ? read.Value.Panels : [])
        {
            await ReportReads.RecordAsync(panel.Result, reads, cancellationToken);
        }

        return read;
    }

    /// <summary>
    /// The targets a dashboard shows, for a caller who reads deals: the organizations' own targets on head office's,
    /// the organization's own and its users' on a partner's or franchisee's, the caller's own on the personal one; of
    /// every month the period touches. <c>null</c>: none.
    /// </summary>
    private SalesTargetFilter? TargetsOf(DashboardDefinition dashboard, DateOnly from, DateOnly to)
    {
        if (!actor.Has(Permissions.DealsReadOwn) && !actor.Has(Permissions.DealsReadAll))
        {
            return null;
        }

        var scope = DataScope.For(actor, Permissions.DealsReadAll);
        var (first, last) = (new DateOnly(from.Year, from.Month, 1), new DateOnly(to.Year, to.Month, 1));
        return dashboard.Audience switch
        {
            DashboardAudience.HeadOffice => new(scope, null, null, SalesTargetLevel.Organization, first, last),
            DashboardAudience.Employee => actor.UserId is { } user
                ? new(scope, null, user, SalesTargetLevel.User, first, last)
                : null,
            _ => new(scope, null, null, null, first, last),
        };
    }

    /// <summary>
    /// Every panel at once, each on a connection of its own. It does not take the request's cancellation: callers who
    /// joined it wait for it, and the engine's statement timeout bounds it.
    /// </summary>
    private async Task<Result<DashboardResult>> RunAsync(
        DashboardDefinition dashboard,
        DateOnly from,
        DateOnly to,
        string timeZone,
        DateTimeOffset at,
        List<(DashboardPanel Panel, ReportPlan Plan)> panels,
        SalesTargetFilter? attainment
    )
    {
        var reached = attainment is null
            ? Task.FromResult<IReadOnlyList<Contracts.SalesTarget>>([])
            : targets.ListAsync(attainment, MaxTargets, CancellationToken.None);
        var results = await Task.WhenAll(panels.Select(p => engine.RunAsync(p.Plan, CancellationToken.None)));
        foreach (var result in results)
        {
            if (!result.IsSuccess)
            {
                return result.Error!;
            }
        }

        return new DashboardResult(
            dashboard.Name,
            dashboard.Title,
            from,
            to,
            timeZone,
            at,
            panels
                .Select((p, i) => new DashboardPanelResult(p.Panel.Key, p.Panel.Title, p.Panel.Query, results[i].Value))
                .ToList()
        )
        {
            Targets = await reached,
        };
    }
}
