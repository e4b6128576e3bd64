using System.Buffers;
using System.Text.RegularExpressions;

namespace MakCrm.Application.Transfer;

/// <summary>
/// Keeps exported text from running as a spreadsheet formula (CSV injection, as OWASP describes it): a cell that begins
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a single quote in front, which a
/// spreadsheet shows as text and does not evaluate. A plain number (<c>-1500.50</c>, an E.164 phone
/// <c>+79991234567</c>)
/// cannot run and stays as it is. A cell that already begins with quotes before such a character gets one more, so that
/// <see cref="Unescape"/> — which every import reads cells through — gives back exactly what was exported.
/// </summary>
public static partial class FormulaCells
{
    private const char Quote = '\'';
    private static readonly SearchValues<char> Triggers = SearchValues.Create("=+-@\t\r");

    /// <summary>The cell as an export writes it.</summary>
    public static string Escape(string cell) =>
        QuotesBeforeTrigger(cell) is { } quotes && (quotes > 0 || !PlainNumber().IsMatch(cell)) ? Quote + cell : cell;

    /// <summary>The cell as it was before <see cref="Escape"/>: one leading quote dropped where the export added
    /// it.</summary>
    public static string? Unescape(string? cell) =>
        cell is not null && QuotesBeforeTrigger(cell) > 0 ? cell[1..] : cell;

    /// <summary>How many quotes come before the cell's first character that would start a formula; null when none
    /// would.</summary>
    private static int? QuotesBeforeTrigger(string cell)
    {
        var rest = cell.AsSpan().TrimStart(Quote);
        return rest.Length > 0 && Triggers.Contains(rest[0]) ? cell.Length - rest.Length : null;
    }

    [GeneratedRegex(@"^[+-]?[0-9]+([.,][0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
