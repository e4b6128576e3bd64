namespace MakCrm.Domain.Organizations;

/// <summary>
/// The state registration number: ОГРН of an organization (13 digits, the last one the first twelve as a number mod 11,
/// mod 10) or ОГРНИП of an individual entrepreneur (15 digits, the last one the first fourteen mod 13, mod 10).
/// A self-employed person (НПД) is not registered and has none.
/// </summary>
public static class Ogrn
{
    public static bool IsValidOgrn(string? ogrn) => HasCheckDigit(ogrn, length: 13, modulus: 11);

    public static bool IsValidOgrnip(string? ogrnip) => HasCheckDigit(ogrnip, length: 15, modulus: 13);

    /// <summary>The number the legal form takes: ОГРН for an ООО, ОГРНИП for an ИП; none for a self-employed
    /// person.</summary>
    public static bool IsValid(string? number, LegalForm form) =>
        form switch
        {
            LegalForm.Ooo => IsValidOgrn(number),
            LegalForm.Ip => IsValidOgrnip(number),
            _ => false,
        };

    private static bool HasCheckDigit(string? number, int length, long modulus) =>
        number is not null
        && number.Length == length
        && number.All(char.IsAsciiDigit)
        && long.Parse(number[..^1], System.Globalization.CultureInfo.InvariantCulture) % modulus % 10
            == number[^1] - '0';
}
