namespace MakCrm.Application.Transfer;

/// <summary>
/// A table to download: stable column headers and the rows as text cells, produced while the response is written
/// (never all in memory). Timestamps are ISO 8601 in UTC, lists are joined with <see cref="ListSeparator"/>.
/// <paramref name="Title"/> heads a PDF of it (<see cref="TablePdf"/>); the file's name when there is none.
/// </summary>
public sealed record TableExport(
    string Name,
    IReadOnlyList<string> Columns,
    IAsyncEnumerable<string?[]> Rows,
    string? Title = null
)
{
    public const string ListSeparator = "; ";

    public static string? Timestamp(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
