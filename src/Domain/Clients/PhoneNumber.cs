namespace MakCrm.Domain.Clients;

/// <summary>
/// A phone number in E.164 (<c>+79991234567</c>). Russian numbers are accepted in their everyday spellings:
/// <c>8 (999) 123-45-67</c>, <c>+7 999 1234567</c>, <c>7-999-123-45-67</c> and the ten-digit <c>9991234567</c>.
/// Numbers of other countries must start with <c>+</c> and the country code.
/// </summary>
public sealed record PhoneNumber
{
    private const int MinInternationalDigits = 8;
    private const int MaxE164Digits = 15;
    private const int RussianNationalDigits = 10;

    private PhoneNumber(string e164) => Value = e164;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(string? input, out PhoneNumber phone)
    {
        phone = null!;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        var trimmed = input.Trim();
        var international = trimmed.StartsWith('+');
        var digits = new System.Text.StringBuilder(16);
        for (var i = international ? 1 : 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (!IsSeparator(c))
            {
                return false;
            }
        }

        var e164 = international ? FromInternational(digits.ToString()) : FromRussianNational(digits.ToString());
        if (e164 is null)
        {
            return false;
        }

        phone = new PhoneNumber(e164);
        return true;
    }

    public static PhoneNumber Parse(string input) =>
        TryParse(input, out var phone) ? phone : throw new FormatException("Not a phone number.");

    /// <summary>
    /// The digit strings to look for in stored E.164 numbers when a search text looks like (part of) a phone number:
    /// <c>8 (999) 123</c> gives <c>8999123</c> and <c>7999123</c>, since a leading 8 is the Russian trunk prefix.
    /// Empty when the text has letters or fewer than three digits.
    /// </summary>
    public static IReadOnlyList<string> SearchFragments(string text)
    {
        var trimmed = text.Trim().TrimStart('+');
        if (trimmed.Any(c => !char.IsAsciiDigit(c) && !IsSeparator(c)))
        {
            return [];
        }

        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 3)
        {
            return [];
        }

        return digits[0] == '8' ? [digits, "7" + digits[1..]] : [digits];
    }

    /// <summary>Rebuilds a number that was stored in E.164 form.</summary>
    public static PhoneNumber FromE164(string e164) => new(e164);

    private static string? FromInternational(string digits)
    {
        if (digits.StartsWith('7'))
        {
            return digits.Length == RussianNationalDigits + 1 ? InZoneSeven(digits[1..]) : null;
        }

        return digits.Length is >= MinInternationalDigits and <= MaxE164Digits && digits[0] != '0'
            ? "+" + digits
            : null;
    }

    private static string? FromRussianNational(string digits) =>
        digits.Length switch
        {
            RussianNationalDigits => InZoneSeven(digits),
            RussianNationalDigits + 1 when digits[0] is '7' or '8' => InZoneSeven(digits[1..]),
            _ => null,
        };

    // Zone +7 numbers start with 3, 4, 8 or 9 (Russia) or 6, 7 (Kazakhstan); 0, 1, 2 and 5 are not assigned.
    private static string? InZoneSeven(string national) =>
        national[0] is '3' or '4' or '6' or '7' or '8' or '9' ? "+7" + national : null;

    private static bool IsSeparator(char c) => c is ' ' or '-' or '(' or ')' or '.' or '\u00A0' or '\t';
}
