using System.Globalization;
using System.Text;

namespace MakCrm.Domain.Documents;

/// <summary>
/// A sum of money in Russian words, as invoices and acts print it: the roubles in words with the noun in its plural
/// form, the kopecks in figures (two digits) — «Сорок пять тысяч рублей 00 копеек», «Одна тысяча двадцать один рубль
/// 05 копеек». Thousands are feminine (одна, две тысячи), roubles, millions and billions masculine (один, два).
/// The amount is rounded to kopecks half away from zero first.
/// </summary>
public static class AmountInWords
{
    private static readonly string[] UnitsMasculine =
    [
        "",
        "один",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
    ];
    private static readonly string[] UnitsFeminine =
    [
        "",
        "одна",
        "две",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
    ];
    private static readonly string[] Teens =
    [
        "десять",
        "одиннадцать",
        "двенадцать",
        "тринадцать",
        "четырнадцать",
        "пятнадцать",
        "шестнадцать",
        "семнадцать",
        "восемнадцать",
        "девятнадцать",
    ];
    private static readonly string[] Tens =
    [
        "",
        "",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ];
    private static readonly string[] Hundreds =
    [
        "",
        "сто",
        "двести",
        "триста",
        "четыреста",
        "пятьсот",
        "шестьсот",
        "семьсот",
        "восемьсот",
        "девятьсот",
    ];

    // Each group of three digits, from the highest: its nouns (one, two to four, five and more) and gender.
    private static readonly (string One, string Few, string Many, bool Feminine)[] Groups =
    [
        ("миллиард", "миллиарда", "миллиардов", false),
        ("миллион", "миллиона", "миллионов", false),
        ("тысяча", "тысячи", "тысяч", true),
    ];

    public static string Rubles(decimal amount)
    {
        if (amount < 0)
        {
            var positive = Rubles(-amount);
            return "Минус " + char.ToLower(positive[0], CultureInfo.InvariantCulture) + positive[1..];
        }

        var rounded = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        var rubles = (long)decimal.Truncate(rounded);
        var kopecks = (int)((rounded - rubles) * 100);
        if (rubles >= 1_000_000_000_000)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount),
                "Amounts up to 999 999 999 999.99 are written in words."
            );
        }

        var words = new StringBuilder();
        var divisor = 1_000_000_000L;
        foreach (var group in Groups)
        {
            var part = (int)(rubles / divisor % 1000);
            if (part > 0)
            {
                Append(words, Triad(part, group.Feminine));
                Append(words, Plural(part, group.One, group.Few, group.Many));
            }

            divisor /= 1000;
        }

        var lowest = (int)(rubles % 1000);
        Append(words, rubles == 0 ? "ноль" : Triad(lowest, feminine: false));
        Append(words, Plural(lowest, "рубль", "рубля", "рублей"));
        Append(words, kopecks.ToString("00", CultureInfo.InvariantCulture));
        Append(words, Plural(kopecks, "копейка", "копейки", "копеек"));
        var text = words.ToString();
        return char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
    }

    /// <summary>The noun for a number: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 25–30, 111–114 → many.</summary>
    public static string Plural(long number, string one, string few, string many)
    {
        var lastTwo = number % 100;
        var last = number % 10;
        return lastTwo is >= 11 and <= 14
            ? many
            : last switch
            {
                1 => one,
                >= 2 and <= 4 => few,
                _ => many,
            };
    }

    private static string Triad(int number, bool feminine)
    {
        var words = new StringBuilder();
        Append(words, Hundreds[number / 100]);
        var rest = number % 100;
        if (rest is >= 10 and < 20)
        {
            Append(words, Teens[rest - 10]);
        }
        else
        {
            Append(words, Tens[rest / 10]);
            Append(words, (feminine ? UnitsFeminine : UnitsMasculine)[rest % 10]);
        }

        return words.ToString();
    }

    private static void Append(StringBuilder words, string word)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (words.Length > 0)
        {
            words.Append(' ');
        }

        words.Append(word);
    }
}
