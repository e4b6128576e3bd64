namespace MakCrm.Application.Transfer;

/// <summary>
/// The header row of an imported file: columns found by name, in any order and any case (a byte order mark and
/// surrounding spaces ignored; of two equal names the first counts); blank cells read as absent. Every import kind
/// reads its cells here, so this is where the quote an export puts before a formula cell comes off again
/// (<see cref="FormulaCells.Unescape"/>).
/// </summary>
public sealed class ImportHeader
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public ImportHeader(IReadOnlyList<string?> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (ColumnName(header[i]) is { } name)
            {
                _index.TryAdd(name, i);
            }
        }
    }

    /// <summary>The column's name as a header cell gives it; null when the cell is blank.</summary>
    public static string? ColumnName(string? headerCell) =>
        FormulaCells.Unescape(headerCell?.Trim().TrimStart('\uFEFF')) is { Length: > 0 } name ? name : null;

    public bool Has(string column) => _index.ContainsKey(column);

    public IReadOnlyList<string> Missing(IEnumerable<string> columns) => columns.Where(c => !Has(c)).ToList();

    /// <summary>The row's cell in <paramref name="column"/>, or null when the file has no such column or the cell is
    /// blank.</summary>
    public string? Cell(IReadOnlyList<string?> cells, string column) =>
        _index.TryGetValue(column, out var i)
        && i < cells.Count
        && FormulaCells.Unescape(cells[i]) is { } cell
        && !string.IsNullOrWhiteSpace(cell)
            ? cell
            : null;

    /// <summary>The row's cell in <paramref name="column"/> read as an id; null when blank, and when it is not a
    /// UUID also <paramref name="message"/> recorded under the column in <paramref name="errors"/>.</summary>
    public Guid? OptionalId(
        IReadOnlyList<string?> cells,
        string column,
        string message,
        Dictionary<string, string> errors
    )
    {
        if (Cell(cells, column) is not { } text)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors[column] = message;
        return null;
    }
}
