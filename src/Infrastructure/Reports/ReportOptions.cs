namespace MakCrm.Infrastructure.Reports;

/// <summary>The report builder (configuration section <c>Mak:Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Mak:Reports";

    /// <summary>How long one report may run in the database before it is cancelled (and answered 422
    /// <c>report_too_expensive</c>).</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an export's statement may run, sending its rows included (PostgreSQL counts the time a statement
    /// waits for the client to take its rows): a large file is written as it is read, so this is longer.
    /// </summary>
    public TimeSpan ExportStatementTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
