using MakCrm.Application.Reports;

namespace MakCrm.WebApi.Contracts;

/// <summary>A dashboard: its panels, each the report query it ran (to open in the builder) and the result.</summary>
public sealed record Dashboard(
    string Name, string Title, DateOnly From, DateOnly To, string TimeZone, DateTimeOffset GeneratedAt, IReadOnlyList<DashboardPanel> Panels)
{
    public static Dashboard Of(DashboardResult d) => new(
        d.Name, d.Title, d.From, d.To, d.TimeZone, d.GeneratedAt,
        d.Panels.Select(p => new DashboardPanel(p.Key, p.Title, ReportQuery.From(p.Query), ReportResultSet.From(p.Result))).ToList());
}

public sealed record DashboardPanel(string Key, string Title, ReportQuery Query, ReportResultSet Result);
