using MakCrm.Application.Reports;

namespace MakCrm.WebApi.Contracts;

/// <summary>A dashboard: its panels, each the report query it ran (to open in the builder) and the result.</summary>
public sealed partial record Dashboard
{
    public static Dashboard Of(DashboardResult d) => new(
        d.Name, d.Title, d.From, d.To, d.TimeZone, d.GeneratedAt,
        d.Panels.Select(p => new DashboardPanel(p.Key, p.Title, ReportQuery.From(p.Query), ReportResultSet.From(p.Result))).ToList());
}

