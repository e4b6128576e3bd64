namespace MakCrm.Infrastructure.Reports;

/// <summary>The report builder (configuration section <c>Mak:Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Mak:Reports";

    /// <summary>How long one report may run in the database before it is cancelled (and answered 422 <c>report_too_expensive</c>).</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
