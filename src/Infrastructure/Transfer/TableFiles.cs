using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MakCrm.Application.Transfer;

namespace MakCrm.Infrastructure.Transfer;

/// <summary>
/// Writes a table as CSV (RFC 4180, UTF-8 with a byte order mark so that Excel shows Cyrillic right, CRLF) or as XLSX
/// (one sheet, a header row, inline strings, written SAX-style by <see cref="OpenXmlWriter"/>). Rows are written as
/// they come; nothing holds the whole table. Both formats write every cell through <see cref="CellText"/>, so a cell
/// that
/// a spreadsheet would run as a formula is written behind a quote (<see cref="FormulaCells"/>) in either.
/// </summary>
public static class TableFiles
{
    public static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>A CSV is pushed to its stream every so many rows, so that rows read slowly still reach the client as
    /// they come.</summary>
    private const int FlushEvery = 1_000;

    /// <summary>CsvHelper's own formula escaping is off: it would quote phones (<c>+7…</c>) too; <see cref="CellText"/>
    /// does it.</summary>
    public static CsvWriterOptions CsvWriterOptions { get; } =
        new()
        {
            Separator = ',',
            NewLine = "\r\n",
            WriteByteOrderMark = true,
            Injection = CsvInjection.None,
            Quoting = CsvQuoting.WhenNeeded,
        };

    /// <summary>Separator detected (comma, semicolon as Russian Excel writes, tab); every row read as it is, header
    /// included.</summary>
    public static CsvReaderOptions CsvReaderOptions { get; } =
        new()
        {
            HasHeader = false,
            Separator = null,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
        };

    public static async Task<long> WriteCsvAsync(
        Stream output,
        IReadOnlyList<string> columns,
        IAsyncEnumerable<string?[]> rows,
        CancellationToken cancellationToken
    )
    {
        await using var csv = CsvWriter.Create(output, CsvWriterOptions, leaveOpen: true);
        foreach (var column in columns)
        {
            csv.WriteField(CellText(column));
        }

        await csv.EndRecordAsync(cancellationToken);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var cell in row)
            {
                csv.WriteField(CellText(cell));
            }

            await csv.EndRecordAsync(cancellationToken);
            if (++count % FlushEvery == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// The package format needs a seekable stream and writes synchronously, so the workbook is built in a temporary
    /// file (deleted on close) and then copied to <paramref name="output"/> asynchronously.
    /// </summary>
    public static async Task<long> WriteXlsxAsync(
        Stream output,
        IReadOnlyList<string> columns,
        IAsyncEnumerable<string?[]> rows,
        CancellationToken cancellationToken
    )
    {
        await using var buffer = new FileStream(
            Path.Combine(Path.GetTempPath(), $"mak-export-{Guid.NewGuid():N}.xlsx"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous
        );
        long count = 0;
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, columns);
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    WriteRow(writer, row);
                    count++;
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbook.Workbook = new Workbook(
                new Sheets(
                    new Sheet
                    {
                        Id = workbook.GetIdOfPart(sheetPart),
                        SheetId = 1,
                        Name = "data",
                    }
                )
            );
            workbook.Workbook.Save();
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
        return count;
    }

    private static void WriteRow(OpenXmlWriter writer, IReadOnlyList<string?> cells)
    {
        writer.WriteStartElement(new Row());
        foreach (var cell in cells)
        {
            // Every cell is text: phones and ids must not turn into numbers, timestamps stay ISO 8601.
            writer.WriteElement(
                new Cell
                {
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(
                        new Text(XlsxText.Escape(CellText(cell))) { Space = SpaceProcessingModeValues.Preserve }
                    ),
                }
            );
        }

        writer.WriteEndElement();
    }

    /// <summary>A cell's text as both formats write it: formula cells escaped, a missing cell empty.</summary>
    private static string CellText(string? cell) => FormulaCells.Escape(cell ?? "");
}
