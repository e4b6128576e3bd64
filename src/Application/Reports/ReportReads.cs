using MakCrm.Application.PersonalData;

namespace MakCrm.Application.Reports;

/// <summary>
/// A report's rows as reads of personal data: every path that shows a report's rows to a caller (a query, a saved
/// report, a dashboard, an export) records the clients they showed before the answer goes out, one line each
/// (<c>access: report</c>). A report without a personal dimension records nothing.
/// </summary>
public static class ReportReads
{
    /// <summary>Runs the plan and records the clients its rows showed.</summary>
    public static async Task<Result<ReportResult>> RunAsync(
        IReportEngine engine,
        ReportPlan plan,
        IPersonalDataReads reads,
        CancellationToken cancellationToken
    )
    {
        var result = await engine.RunAsync(plan, cancellationToken);
        if (result.IsSuccess)
        {
            await RecordAsync(result.Value, reads, cancellationToken);
        }

        return result;
    }

    public static Task RecordAsync(
        ReportResult result,
        IPersonalDataReads reads,
        CancellationToken cancellationToken
    ) =>
        result.ShownClients.Count == 0
            ? Task.CompletedTask
            : reads.RecordAsync(
                PersonalDataSubjects.Client,
                PersonalDataAccess.Report,
                result.ShownClients,
                cancellationToken
            );

    /// <summary>
    /// An export's rows, each carrying its clients as a last cell (a <see cref="Guid"/> array) when the plan shows
    /// personal data: the clients recorded a batch at a time before the batch goes out, and the last cell dropped.
    /// </summary>
    public static IAsyncEnumerable<object?[]> Recorded(
        IAsyncEnumerable<object?[]> rows,
        ReportPlan plan,
        IPersonalDataReads reads,
        CancellationToken cancellationToken
    ) =>
        plan.ShowsPersonalData
            ? WithoutClients(
                rows.RecordedAsync(
                    row => (Guid[])row[^1]!,
                    PersonalDataSubjects.Client,
                    reads,
                    PersonalDataAccess.Report,
                    cancellationToken
                )
            )
            : rows;

    private static async IAsyncEnumerable<object?[]> WithoutClients(IAsyncEnumerable<object?[]> rows)
    {
        await foreach (var row in rows)
        {
            yield return row[..^1];
        }
    }
}
