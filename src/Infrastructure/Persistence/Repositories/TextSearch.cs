using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>A search text prepared for SQL: an escaped ILIKE pattern and, when it looks like a phone, up to two digit
/// fragments.</summary>
internal sealed record TextSearch(string Pattern, string? PhoneDigits, string? PhoneDigitsAlternative)
{
    /// <summary>The escape character of <see cref="EscapeLike"/>; Npgsql disables escaping unless one is
    /// named.</summary>
    public const string Escape = @"\";

    public static TextSearch From(string text)
    {
        var fragments = PhoneNumber.SearchFragments(text);
        return new TextSearch(
            "%" + EscapeLike(text) + "%",
            fragments.Count > 0 ? fragments[0] : null,
            fragments.Count > 1 ? fragments[1] : null
        );
    }

    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
