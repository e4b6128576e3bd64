using MakCrm.Application.Reports;
using MakCrm.Contracts;
using DashboardPanel = MakCrm.Contracts.DashboardPanel;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class DashboardsMappings
{
    /// <summary>A dashboard: its panels, each the report query it ran (to open in the builder) and the
    /// result.</summary>
    extension(Dashboard)
    {
        public static Dashboard Of(DashboardResult d) =>
            new(
                d.Name,
                d.Title,
                d.From,
                d.To,
                d.TimeZone,
                d.GeneratedAt,
                d.Panels.Select(p => new DashboardPanel(
                        p.Key,
                        p.Title,
                        ReportQuery.From(p.Query),
                        ReportResultSet.From(p.Result)
                    ))
                    .ToList(),
                d.Targets
            );
    }
}
