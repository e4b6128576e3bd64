namespace MakCrm.Domain.Organizations;

/// <summary>
/// The tax registration reason code (КПП) of an organization: 9 characters, the tax office's code (4 digits), the
/// reason (2 digits or capital Latin letters) and a number (3 digits). It has no check digit, so only the format is
/// checked.
/// </summary>
public static class Kpp
{
    public static bool IsValid(string? kpp) =>
        kpp is { Length: 9 }
        && kpp[..4].All(char.IsAsciiDigit)
        && kpp[4..6].All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
        && kpp[6..].All(char.IsAsciiDigit);
}
