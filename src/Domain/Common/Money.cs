using System.Globalization;

namespace MakCrm.Domain.Common;

/// <summary>
/// Roubles as <c>decimal</c>, and the one rounding rule money follows (ADR 0019): every amount that is computed — a
/// commission from a base and a share — is rounded once, to kopecks, half away from zero (0.005 → 0.01), the
/// arithmetic rounding Russian accounting documents use. Amounts are never rounded twice: each entry is rounded from
/// the exact product, and a reversal copies the rounded entry with the opposite sign. An amount in kopecks always
/// carries two decimal places (1000 → 1000.00), as the database's <c>numeric(…, 2)</c> columns give it back, so a
/// resource answers the same digits when it is created, read, or carried by an event.
/// </summary>
public static class Money
{
    /// <summary>A comma before the kopecks and a no-break space between thousands, as Russian documents print
    /// sums.</summary>
    private static readonly NumberFormatInfo PrintFormat = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "\u00a0",
        NumberGroupSizes = [3],
    };

    public static decimal ToKopecks(decimal roubles) =>
        decimal.Round(roubles, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static decimal? ToKopecks(decimal? roubles) => roubles is { } value ? ToKopecks(value) : null;

    /// <summary>A sum as documents and letters print it: <c>10 000,00</c>.</summary>
    public static string Print(decimal roubles) => roubles.ToString("#,0.00", PrintFormat);

    /// <summary>A sum in a sentence people read: <c>3 500 000 ₽</c>, with kopecks only when it has some
    /// (<c>1 500,50 ₽</c>).</summary>
    public static string Say(decimal roubles) =>
        PrintNumber(roubles, decimal.Truncate(roubles) == roubles ? "#,0" : "#,0.00") + " ₽";

    /// <summary>Any other number printed the same way, in a .NET numeric format: <c>1 234</c> for <c>#,0</c>.</summary>
    public static string PrintNumber(decimal value, string format) => value.ToString(format, PrintFormat);
}
