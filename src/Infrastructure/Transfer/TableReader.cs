using System.Runtime.CompilerServices;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MakCrm.Domain.Imports;

namespace MakCrm.Infrastructure.Transfer;

/// <summary>
/// Reads a table file row by row — the header first — without holding the file: CSV through CsvHelper's parser
/// (UTF-8 with or without a byte order mark; comma, semicolon or tab detected), XLSX through
/// <see cref="OpenXmlReader"/>
/// over the first worksheet, one row element at a time. Only an XLSX file's shared-string table (which Excel fills with
/// the distinct texts of the workbook) is loaded whole.
/// </summary>
public static class TableReader
{
    public static IAsyncEnumerable<string?[]> ReadAsync(
        Stream file,
        ImportFileFormat format,
        CancellationToken cancellationToken
    ) =>
        format switch
        {
            ImportFileFormat.Csv => ReadCsvAsync(file, cancellationToken),
            ImportFileFormat.Xlsx => ReadXlsx(file, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };

    private static async IAsyncEnumerable<string?[]> ReadCsvAsync(
        Stream file,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        await using var csv = CsvReader.Create(file, TableFiles.CsvReaderOptions, leaveOpen: true);
        while (await csv.ReadAsync(cancellationToken))
        {
            var record = new string?[csv.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = csv.GetString(i);
            }

            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return record;
        }
    }

    private static async IAsyncEnumerable<string?[]> ReadXlsx(
        Stream file,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        using var document = SpreadsheetDocument.Open(file, isEditable: false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("The workbook has no workbook part.");
        var shared = SharedStrings(workbook.SharedStringTablePart);
        var firstSheet =
            workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
            ?? throw new InvalidDataException("The workbook has no worksheet.");
        var part = (WorksheetPart)workbook.GetPartById(firstSheet.Id!.Value!);
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var cells = new List<string?>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                while (cells.Count < column)
                {
                    cells.Add(null);
                }

                cells.Add(Text(cell, shared));
            }

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return [.. cells];
            await Task.CompletedTask;
        }
    }

    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(reader.LoadCurrentElement()!.InnerText);
            }
        }

        return strings;
    }

    private static string? Text(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText is { } inline ? XlsxText.Unescape(inline) : null;
        }

        var value = cell.CellValue?.Text;
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(value, out var i) && i >= 0 && i < shared.Count ? XlsxText.Unescape(shared[i]) : null;
        }

        return value;
    }

    /// <summary>"C7" → 2.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
        }

        return index == 0 ? null : index - 1;
    }
}
