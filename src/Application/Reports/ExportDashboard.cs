using System.Globalization;
using MakCrm.Application.Abstractions.Documents;

namespace MakCrm.Application.Reports;

/// <summary>A role dashboard as a printable PDF: the same panels, period and numbers as its JSON answer.</summary>
public sealed record ExportDashboardQuery(string Name, DateOnly? From, DateOnly? To, string? TimeZone)
    : IQuery<DashboardFile>;

/// <summary>The PDF and the name to save it under.</summary>
public sealed record DashboardFile(string FileName, byte[] Content);

internal sealed class ExportDashboardHandler(
    DashboardReader dashboards,
    IDocumentRenderer renderer,
    ISecurityAudit audit
) : IQueryHandler<ExportDashboardQuery, DashboardFile>
{
    public async Task<Result<DashboardFile>> Handle(ExportDashboardQuery query, CancellationToken cancellationToken)
    {
        var read = await dashboards.ReadAsync(
            new GetDashboardQuery(query.Name, query.From, query.To, query.TimeZone),
            cancellationToken
        );
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var dashboard = read.Value;
        var rendered = await renderer.RenderAsync(
            DashboardModel.Of(dashboard),
            Contracts.DocumentFileFormat.Pdf,
            cancellationToken
        );
        if (!rendered.IsSuccess)
        {
            return rendered.Error!;
        }

        await audit.RecordAsync(
            "dashboards.exported",
            new
            {
                dashboard = dashboard.Name,
                from = dashboard.From,
                to = dashboard.To,
                format = "pdf",
            },
            cancellationToken
        );
        return new DashboardFile(
            $"dashboard-{dashboard.Name}-{dashboard.From:yyyyMMdd}-{dashboard.To:yyyyMMdd}.pdf",
            rendered.Value.Content
        );
    }
}

/// <summary>
/// What the dashboard template prints: the title, the period, the time the numbers were computed (UTC), and each
/// panel as a table whose cells are written for reading (money and counts grouped, shares in percent, dates as
/// «22.11.2026»), with a note where the panel's rows were cut at its limit.
/// </summary>
public sealed record DashboardModel(
    string Title,
    string Period,
    string TimeZone,
    string GeneratedAt,
    IReadOnlyList<DashboardModelPanel> Panels
) : IDocumentModel
{
    public const string TemplateName = "dashboard";

    public string Template => TemplateName;

    public static DashboardModel Of(DashboardResult dashboard) =>
        new(
            dashboard.Title,
            $"{Day(dashboard.From)} — {Day(dashboard.To)}",
            dashboard.TimeZone,
            dashboard.GeneratedAt.UtcDateTime.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
            dashboard
                .Panels.Select(p => new DashboardModelPanel(
                    p.Title,
                    p.Result.Columns.Select(c => c.Label).ToList(),
                    p.Result.Rows.Select(row => row.Select((cell, i) => Cell(cell, p.Result.Columns[i])).ToArray())
                        .ToList(),
                    p.Result.Truncated
                ))
                .Concat(dashboard.Targets.Count > 0 ? [Attainment(dashboard.Targets)] : [])
                .ToList()
        );

    /// <summary>The targets as one more table: whose, the month, the target, what was won and the share
    /// reached.</summary>
    private static DashboardModelPanel Attainment(IReadOnlyList<Contracts.SalesTarget> targets) =>
        new(
            "Выполнение плана продаж",
            [
                "Месяц",
                "Организация",
                "Сотрудник",
                "План, ₽",
                "Выиграно, ₽",
                "Выполнение",
                "План, сделок",
                "Выиграно сделок",
            ],
            targets
                .Select(t => new[]
                {
                    t.Month,
                    t.OrganizationName,
                    t.UserName ?? "—",
                    Money.Print(t.Amount),
                    Money.Print(t.Attainment.WonAmount),
                    Percent(t.Attainment.AmountShare),
                    t.Deals is { } deals ? Money.PrintNumber(deals, "#,0") : "—",
                    Money.PrintNumber(t.Attainment.WonDeals, "#,0"),
                })
                .ToList<string?[]>(),
            targets.Count >= DashboardReader.MaxTargets
        );

    private static string Percent(decimal share) => Money.PrintNumber(share * 100, "0.0") + " %";

    private static string Day(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A cell for reading, as Russian documents print numbers (<see cref="Money.Print"/>); what is not a
    /// number, a share, a date or a yes/no is written as the export files write it.</summary>
    private static string? Cell(object? cell, ReportColumn column) =>
        (cell, column.Type) switch
        {
            (null, _) => null,
            (_, Contracts.ReportColumnType.Ratio) => Percent(Number(cell)),
            (_, Contracts.ReportColumnType.Money) => Money.Print(Number(cell)),
            (_, Contracts.ReportColumnType.Number) => Money.PrintNumber(Number(cell), "#,0.00"),
            (_, Contracts.ReportColumnType.Integer) => Money.PrintNumber(Number(cell), "#,0"),
            (DateOnly day, _) => Day(day),
            (DateTimeOffset at, _) => at.UtcDateTime.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
            (bool flag, _) => flag ? "да" : "нет",
            _ => ReportExports.Text(cell),
        };

    private static decimal Number(object cell) => Convert.ToDecimal(cell, CultureInfo.InvariantCulture);
}

/// <summary>One panel of <see cref="DashboardModel"/>.</summary>
public sealed record DashboardModelPanel(
    string Title,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string?[]> Rows,
    bool Truncated
);
