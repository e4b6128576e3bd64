namespace MakCrm.Domain.Organizations;

/// <summary>
/// The Russian taxpayer number (ИНН): 10 digits for an organization (ООО), 12 for a person (ИП, самозанятый), each
/// with its check digits, so that a typo is caught when it is typed rather than when a contract bounces.
/// </summary>
public static class Inn
{
    private static readonly int[] Ten = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] EleventhOfTwelve = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] TwelfthOfTwelve = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    public static bool IsValid(string? inn, LegalForm form)
    {
        if (inn is null || !inn.All(char.IsAsciiDigit))
        {
            return false;
        }

        var digits = inn.Select(c => c - '0').ToArray();
        return form == LegalForm.Ooo
            ? digits.Length == 10 && Check(digits, Ten) == digits[9]
            : digits.Length == 12
                && Check(digits, EleventhOfTwelve) == digits[10]
                && Check(digits, TwelfthOfTwelve) == digits[11];
    }

    private static int Check(int[] digits, int[] weights) => weights.Select((w, i) => w * digits[i]).Sum() % 11 % 10;
}
