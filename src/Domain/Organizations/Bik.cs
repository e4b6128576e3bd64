namespace MakCrm.Domain.Organizations;

/// <summary>
/// The bank identification code (БИК) of a Russian bank: 9 digits starting with 04 (the country code of Russia).
/// Its last digits key the bank's accounts (<see cref="BankAccount"/>).
/// </summary>
public static class Bik
{
    public static bool IsValid(string? bik) =>
        bik is { Length: 9 } && bik.StartsWith("04", StringComparison.Ordinal) && bik.All(char.IsAsciiDigit);
}
