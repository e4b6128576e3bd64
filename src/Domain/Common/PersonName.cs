namespace MakCrm.Domain.Common;

/// <summary>How a person's name is printed where only enough to recognise them is needed (personal data kept to a
/// minimum).</summary>
public static class PersonName
{
    /// <summary>
    /// The surname and the initials of a full name written surname first, as Russian documents print it:
    /// «Иванов Иван Иванович» → «Иванов И. И.», «Петрова Анна» → «Петрова А.», a single word stays as it is.
    /// </summary>
    public static string SurnameAndInitials(string fullName)
    {
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            0 => "",
            1 => parts[0],
            _ => $"{parts[0]} {string.Join(" ", parts.Skip(1).Take(2).Select(p => char.ToUpperInvariant(p[0]) + "."))}",
        };
    }
}
