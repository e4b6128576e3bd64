using System.Globalization;
using MakCrm.Application.Abstractions.Documents;

namespace MakCrm.Application.Transfer;

/// <summary>
/// An export's table as a printable PDF, through the document renderer the generated documents use (template
/// <see cref="TableModel.TemplateName"/>): at most <see cref="MaxRows"/> rows, since a PDF is for reading, not for
/// loading elsewhere (CSV and XLSX are).
/// </summary>
public static class TablePdf
{
    public const int MaxRows = 5_000;

    /// <summary>The PDF of the table's rows, read here; 422 <c>too_many_rows_for_pdf</c> when there are more than
    /// <see cref="MaxRows"/>.</summary>
    public static async Task<Result<byte[]>> RenderAsync(
        TableExport table,
        DateTimeOffset madeAt,
        IDocumentRenderer renderer,
        CancellationToken cancellationToken
    )
    {
        var rows = new List<string?[]>();
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            if (rows.Count == MaxRows)
            {
                return new Error(
                    ErrorCodes.TooManyRowsForPdf,
                    $"A PDF holds at most {MaxRows} rows and this export has more: narrow it (a shorter period, more "
                        + "filters, a limit) or take it as CSV or XLSX.",
                    ErrorKind.Unprocessable
                );
            }

            rows.Add(row);
        }

        var model = new TableModel(
            table.Title ?? table.Name,
            madeAt.UtcDateTime.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
            table.Columns,
            rows
        );
        var rendered = await renderer.RenderAsync(model, Contracts.DocumentFileFormat.Pdf, cancellationToken);
        return rendered.IsSuccess ? rendered.Value.Content : rendered.Error!;
    }
}

/// <summary>What the table template prints: the heading, the time it was made (UTC), the columns' labels and the cells
/// as the other export files hold them.</summary>
public sealed record TableModel(
    string Title,
    string MadeAt,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string?[]> Rows
) : IDocumentModel
{
    public const string TemplateName = "table";

    public string Template => TemplateName;
}
