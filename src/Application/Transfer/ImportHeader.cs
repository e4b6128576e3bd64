namespace MakCrm.Application.Transfer;

/// <summary>
/// The header row of an imported file: columns found by name, in any order and any case (a byte order mark and
/// surrounding spaces ignored; of two equal names the first counts); blank cells read as absent.
/// </summary>
public sealed class ImportHeader
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public ImportHeader(IReadOnlyList<string?> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i]?.Trim().TrimStart('\uFEFF') is { Length: > 0 } name)
            {
                _index.TryAdd(name, i);
            }
        }
    }

    public bool Has(string column) => _index.ContainsKey(column);

    public IReadOnlyList<string> Missing(IEnumerable<string> columns) => columns.Where(c => !Has(c)).ToList();

    /// <summary>The row's cell in <paramref name="column"/>, or null when the file has no such column or the cell is blank.</summary>
    public string? Cell(IReadOnlyList<string?> cells, string column) =>
        _index.TryGetValue(column, out var i) && i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i] : null;
}
