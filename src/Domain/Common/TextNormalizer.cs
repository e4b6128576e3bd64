using System.Text.RegularExpressions;

namespace MakCrm.Domain.Common;

/// <summary>Trims free text and collapses runs of white space, so that names compare and search predictably.</summary>
public static partial class TextNormalizer
{
    public static string Collapse(string text) => Whitespace().Replace(text.Trim(), " ");

    public static string? CollapseOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : Collapse(text);

    public static string? TrimOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
