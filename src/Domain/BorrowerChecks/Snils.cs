namespace MakCrm.Domain.BorrowerChecks;

/// <summary>
/// The insurance number of a person's pension account (СНИЛС): 11 digits, the last two a check number of the first
/// nine, each times its weight from 9 down to 1, summed; a sum under 100 is the check number itself, 100 and 101 are
/// 00, and a larger sum is taken mod 101 first. Numbers up to 001-001-998 were issued without a check number.
/// </summary>
public static class Snils
{
    private const long LastWithoutCheck = 1_001_998;

    /// <summary>The 11 digits of <paramref name="snils"/> without its spaces and hyphens, or <c>null</c> when it has
    /// other characters or another count of digits.</summary>
    public static string? Digits(string? snils)
    {
        if (snils is null)
        {
            return null;
        }

        var digits = new string([.. snils.Where(c => c is not (' ' or '-'))]);
        return digits.Length == 11 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public static bool IsValid(string? snils)
    {
        if (Digits(snils) is not { } digits)
        {
            return false;
        }

        var number = long.Parse(digits[..9], System.Globalization.CultureInfo.InvariantCulture);
        var check = int.Parse(digits[9..], System.Globalization.CultureInfo.InvariantCulture);
        if (number <= LastWithoutCheck)
        {
            return true;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (9 - i);
        }

        var expected = sum < 100 ? sum : sum % 101 % 100;
        return check == expected;
    }
}
