using System.Globalization;

namespace MakCrm.Domain.Organizations;

/// <summary>
/// A host name an organization claims for its cabinet (<c>alpha.cabinet.example</c>), in the one form it is stored and
/// compared in: lower case, an internationalized name in punycode (<c>кабинет.рф</c> →
/// <c>xn--80aalwqglfe.xn--p1ai</c>),
/// without a trailing dot; at least two labels of letters, digits and hyphens, no port, no address.
/// </summary>
public static class HostName
{
    public const int MaxLength = 253;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    public static bool TryNormalize(string? input, out string host)
    {
        host = "";
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength + 1)
        {
            return false;
        }

        if (text.EndsWith('.'))
        {
            text = text[..^1];
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        if (
            ascii.Length > MaxLength
            || labels.Length < 2
            || labels.Any(l =>
                l.Length is 0 or > 63
                || l.StartsWith('-')
                || l.EndsWith('-')
                || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            )
            || labels[^1].All(char.IsAsciiDigit)
        )
        {
            return false;
        }

        host = ascii;
        return true;
    }
}
