using System.Globalization;
using System.Text;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Access;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>
/// A report query's rows as a file. <paramref name="RecentTwoFactor"/> says whether the caller's sign-in had a second
/// factor recently enough for step-up (the transport knows; a personal-data export needs it).
/// </summary>
public sealed record ExportReportQuery(ReportDefinition Definition, Contracts.ExportFormat Format, bool RecentTwoFactor)
    : IQuery<ReportExport>;

/// <summary>A saved report's rows as a file; see <see cref="ExportReportQuery"/>.</summary>
public sealed record ExportSavedReportQuery(Guid Id, Contracts.ExportFormat Format, bool RecentTwoFactor)
    : IQuery<ReportExport>;

/// <summary>
/// The table to write, and what holds the rows being read (a database connection): whoever writes the table disposes
/// it when the response is over, read or not.
/// </summary>
public sealed record ReportExport(TableExport Table, IAsyncDisposable Rows);

/// <summary>
/// What an export of a report adds to running it: a row limit up to a spreadsheet's sheet, the export permission of
/// the datasets whose rows are personal data, step-up for those, a security event, and the cells as text.
/// </summary>
public static class ReportExports
{
    /// <summary>An XLSX sheet's 1,048,576 rows less the header row; the default and the maximum of an export.</summary>
    public const int MaxRows = 1_048_575;

    /// <summary>
    /// The permission an export of the dataset needs besides reading it: a lead's row carries its client's contact
    /// (<c>leads.export</c>), a client's and a deal's rows carry the client's name and city (<c>clients.export</c>);
    /// the other datasets hold no one's contact and need none.
    /// </summary>
    public static string? PermissionFor(ReportDataset dataset) =>
        dataset.Key switch
        {
            "leads" => Permissions.LeadsExport,
            "clients" or "deals" => Permissions.ClientsExport,
            _ => null,
        };

    /// <summary>
    /// Plans <paramref name="definition"/> as the report builder does, but with the export's row limit: 1 to
    /// <see cref="MaxRows"/>, all of them when left out. A limit out of range joins the planner's errors under
    /// <c>limit</c>.
    /// </summary>
    public static Result<ReportPlan> Plan(
        ReportDefinition definition,
        ICurrentActor actor,
        bool saved,
        IEnumerable<Domain.CustomFields.CustomFieldDefinition>? customFields = null
    )
    {
        var plan = ReportPlanner.Plan(definition with { Limit = null }, actor, saved, customFields);
        var limit = definition.Limit ?? MaxRows;
        if (limit is >= 1 and <= MaxRows)
        {
            return plan.IsSuccess ? plan.Value with { Limit = limit } : plan;
        }

        var path = saved ? "query.limit" : "limit";
        var message = $"An export takes 1 to {MaxRows} rows (an XLSX sheet's rows less the header).";
        if (!plan.IsSuccess && plan.Error!.Kind != ErrorKind.Validation)
        {
            return plan;
        }

        var errors = new Dictionary<string, string[]>(
            plan.Error?.FieldErrors ?? new Dictionary<string, string[]>(),
            StringComparer.Ordinal
        )
        {
            [path] = [message],
        };
        return new Error(
            ErrorCodes.ReportQueryInvalid,
            "The report query is not valid: " + string.Join("; ", errors.Keys) + ".",
            ErrorKind.Validation,
            errors
        );
    }

    /// <summary>
    /// The export's extra checks: for a personal-data dataset, its export permission (403), a user rather than an API
    /// client (403), and a recent two-factor sign-in (<c>step_up_required</c>, which the transport answers 401).
    /// </summary>
    public static Error? CheckAccess(ReportDataset dataset, ICurrentActor actor, bool recentTwoFactor)
    {
        if (PermissionFor(dataset) is not { } permission)
        {
            return null;
        }

        if (!actor.Has(permission))
        {
            return new Error(
                ErrorCodes.Forbidden,
                $"Exporting the dataset '{dataset.Key}' (personal data) needs {permission}.",
                ErrorKind.Forbidden
            );
        }

        if (actor.UserId is null)
        {
            return new Error(
                ErrorCodes.Forbidden,
                "Only a user who signed in with two-factor authentication may export personal data; API clients "
                    + "cannot.",
                ErrorKind.Forbidden
            );
        }

        return recentTwoFactor
            ? null
            : new Error(
                ErrorCodes.StepUpRequired,
                "Exporting personal data needs a recent two-factor sign-in: sign in again with a code.",
                ErrorKind.Forbidden
            );
    }

    /// <summary>Opens the rows (the statement has run to its first row), records the security event, and names the
    /// file.</summary>
    internal static async Task<Result<ReportExport>> OpenAsync(
        ReportPlan plan,
        Contracts.ExportFormat format,
        string name,
        string title,
        Guid? savedReportId,
        IReportEngine engine,
        (ISecurityAudit Security, IPersonalDataReads Reads) audit,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        if (format == Contracts.ExportFormat.Pdf)
        {
            // One row more than a PDF holds says that the report has too many.
            plan = plan with
            {
                Limit = Math.Min(plan.Limit, TablePdf.MaxRows + 1),
            };
        }

        var rows = await engine.StreamAsync(plan, cancellationToken);
        if (!rows.IsSuccess)
        {
            return rows.Error!;
        }

        var stream = rows.Value;
        try
        {
            await audit.Security.RecordAsync(
                "reports.exported",
                new
                {
                    dataset = plan.Dataset.Key,
                    format = SnakeCaseNames.Of(format),
                    saved_report_id = savedReportId,
                    limit = plan.Limit,
                    organization_scope = plan.Scope.OrganizationId,
                },
                cancellationToken
            );
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }

        var table = new TableExport(
            $"{name}-{ClientColumns.FileStamp(clock.GetUtcNow())}",
            plan.Columns.Select(c => c.Label).ToList(),
            Cells(ReportReads.Recorded(stream.ReadAsync(cancellationToken), plan, audit.Reads, cancellationToken)),
            title
        );
        return new ReportExport(table, stream);
    }

    /// <summary>A cell as the file holds it: the text of its JSON value (a number as written there, a date, a UTC
    /// time), empty for none.</summary>
    public static string? Text(object? cell) =>
        cell switch
        {
            null => null,
            string text => text,
            bool flag => flag ? "true" : "false",
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset at => TableExport.Timestamp(at),
            _ => Convert.ToString(cell, CultureInfo.InvariantCulture),
        };

    /// <summary>A saved report's name as a file name: letters and digits kept, anything else a hyphen, at most 60
    /// characters.</summary>
    public static string FileName(string name)
    {
        var file = new StringBuilder(Math.Min(name.Length, 60));
        foreach (var c in name.Take(60))
        {
            file.Append(char.IsLetterOrDigit(c) ? c : '-');
        }

        var text = file.ToString().Trim('-');
        return text.Length == 0 ? "report" : text;
    }

    private static async IAsyncEnumerable<string?[]> Cells(IAsyncEnumerable<object?[]> rows)
    {
        await foreach (var row in rows)
        {
            var cells = new string?[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                cells[i] = Text(row[i]);
            }

            yield return cells;
        }
    }
}

internal sealed class ExportReportHandler(
    IReportEngine engine,
    ICurrentActor actor,
    ISecurityAudit audit,
    IPersonalDataReads reads,
    TimeProvider clock,
    ReportPlanning planning
) : IQueryHandler<ExportReportQuery, ReportExport>
{
    public async Task<Result<ReportExport>> Handle(ExportReportQuery query, CancellationToken cancellationToken)
    {
        var plan = ReportExports.Plan(
            query.Definition,
            actor,
            saved: false,
            await planning.CustomFieldsAsync(query.Definition, cancellationToken)
        );
        if (!plan.IsSuccess)
        {
            return plan.Error!;
        }

        return ReportExports.CheckAccess(plan.Value.Dataset, actor, query.RecentTwoFactor) is { } refused
            ? refused
            : await ReportExports.OpenAsync(
                plan.Value,
                query.Format,
                $"report-{plan.Value.Dataset.Key}",
                plan.Value.Dataset.Label,
                null,
                engine,
                (audit, reads),
                clock,
                cancellationToken
            );
    }
}

internal sealed class ExportSavedReportHandler(
    ISavedReportRepository reports,
    IReportEngine engine,
    ICurrentActor actor,
    ISecurityAudit audit,
    IPersonalDataReads reads,
    TimeProvider clock,
    ReportPlanning planning
) : IQueryHandler<ExportSavedReportQuery, ReportExport>
{
    public async Task<Result<ReportExport>> Handle(ExportSavedReportQuery query, CancellationToken cancellationToken)
    {
        if (await reports.GetAsync(query.Id, SavedReports.ReaderOf(actor), cancellationToken) is not { } report)
        {
            return SavedReports.NotFound(query.Id);
        }

        var plan = ReportExports.Plan(
            report.Query,
            actor,
            saved: true,
            await planning.CustomFieldsAsync(report.Query, cancellationToken)
        );
        if (!plan.IsSuccess)
        {
            return plan.Error!;
        }

        return ReportExports.CheckAccess(plan.Value.Dataset, actor, query.RecentTwoFactor) is { } refused
            ? refused
            : await ReportExports.OpenAsync(
                plan.Value,
                query.Format,
                ReportExports.FileName(report.Name),
                report.Name,
                report.Id,
                engine,
                (audit, reads),
                clock,
                cancellationToken
            );
    }
}
