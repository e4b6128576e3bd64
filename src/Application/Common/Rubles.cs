using System.Globalization;

namespace MakCrm.Application.Common;

/// <summary>Amounts in roubles as people read them in Russian: <c>3 500 000 ₽</c>, <c>1 500,50 ₽</c>.</summary>
public static class Rubles
{
    // The app runs with invariant globalization, so the Russian separators are spelled out here.
    private static readonly NumberFormatInfo Russian = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "," };

    public static string Format(decimal amount) =>
        amount.ToString(decimal.Truncate(amount) == amount ? "#,0" : "#,0.00", Russian) + " ₽";
}
