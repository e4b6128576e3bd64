using System.Globalization;

namespace MakCrm.Application.Transfer;

/// <summary>How an import reads the values spreadsheets write: amounts and points in time.</summary>
public static class ImportCells
{
    private static readonly string[] DayFormats =
    [
        "dd.MM.yyyy",
        "dd.MM.yyyy HH:mm",
        "dd.MM.yyyy HH:mm:ss",
        "yyyy-MM-dd",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
    ];

    /// <summary>An amount in roubles; spreadsheets write 1 500 000,50 as readily as 1500000.50.</summary>
    public static decimal? Amount(string text)
    {
        var number = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (!number.Contains('.', StringComparison.Ordinal))
        {
            number = number.Replace(',', '.');
        }

        return decimal.TryParse(
            number,
            NumberStyles.Number | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture,
            out var amount
        )
            ? amount
            : null;
    }

    /// <summary>
    /// A point in time: ISO 8601 with an offset (as the exports write it), or a date with an optional time of day as
    /// <c>31.12.2025 14:30</c> or <c>2025-12-31 14:30</c>, read as UTC. Null when the text is none of these.
    /// </summary>
    public static DateTimeOffset? Timestamp(string text)
    {
        var trimmed = text.Trim();
        if (
            DateTimeOffset.TryParseExact(
                trimmed,
                DayFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var day
            )
        )
        {
            return day.ToUniversalTime();
        }

        return
            trimmed.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(
                trimmed,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var instant
            )
            ? instant.ToUniversalTime()
            : null;
    }

    /// <summary>Why a row is refused, in the rejected-rows file's spelling (<c>column: message</c>); a field's name
    /// is the column's as <paramref name="column"/> gives it.</summary>
    public static string Reason(Error error, Func<string, string>? column = null) =>
        error.FieldErrors is { Count: > 0 } fields
            ? string.Join(
                "; ",
                fields.SelectMany(f => f.Value.Select(message => $"{column?.Invoke(f.Key) ?? f.Key}: {message}"))
            )
            : error.Describe();
}
