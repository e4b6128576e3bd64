namespace MakCrm.Domain.Organizations;

/// <summary>
/// A 20-digit Russian bank account with its control key (the 9th digit), checked as the Bank of Russia prescribes: the
/// account is prefixed with three digits from the bank's БИК, each of the 23 digits is multiplied by the weights
/// 7, 1, 3 repeating, and the sum must end in 0. A correspondent account (к/с, held at the Bank of Russia) takes
/// "0" and the БИК's 5th and 6th digits; a settlement account (р/с, held at the bank) takes the БИК's last three
/// digits.
/// </summary>
public static class BankAccount
{
    public const int Length = 20;

    public static bool IsValidCorrespondent(string? account, string? bik) =>
        Bik.IsValid(bik) && HasControlKey(string.Concat("0", bik![4..6]), account);

    public static bool IsValidSettlement(string? account, string? bik) =>
        Bik.IsValid(bik) && HasControlKey(bik![6..], account);

    /// <summary>Whether the account is 20 digits (before its control key can be checked against a БИК).</summary>
    public static bool IsWellFormed(string? account) => account is { Length: Length } && account.All(char.IsAsciiDigit);

    private static bool HasControlKey(string prefix, string? account)
    {
        if (!IsWellFormed(account))
        {
            return false;
        }

        var digits = prefix + account;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            sum +=
                (digits[i] - '0')
                * (i % 3) switch
                {
                    0 => 7,
                    1 => 1,
                    _ => 3,
                };
        }

        return sum % 10 == 0;
    }
}
