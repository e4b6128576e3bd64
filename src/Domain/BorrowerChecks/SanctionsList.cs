namespace MakCrm.Domain.BorrowerChecks;

/// <summary>
/// One imported version of the sanctions and terrorism list (head office's): the newest is the one in force. Its
/// entries are rows of their own (<see cref="SanctionsEntry"/>), written with it.
/// </summary>
public sealed class SanctionsList : AggregateRoot
{
    public const int MaxVersionLength = 100;

    private SanctionsList() { }

    private SanctionsList(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string ListVersion { get; private set; } = "";

    public int Entries { get; private set; }

    public Guid? ImportedBy { get; private set; }

    public static SanctionsList Import(Guid id, string version, int entries, Guid? importedBy, DateTimeOffset now) =>
        new(id, now)
        {
            ListVersion = version.Trim(),
            Entries = entries,
            ImportedBy = importedBy,
        };
}

/// <summary>A person the list names, with the name as matching compares it.</summary>
public sealed class SanctionsEntry
{
    public const int MaxNameLength = 300;

    private SanctionsEntry() { }

    public static SanctionsEntry Of(Guid listId, string fullName, DateOnly? birthDate) =>
        new()
        {
            ListId = listId,
            FullName = fullName.Trim(),
            NormalizedName = PersonNames.Normalize(fullName),
            BirthDate = birthDate,
        };

    public long Id { get; private set; }

    public Guid ListId { get; private set; }

    public string FullName { get; private set; } = "";

    /// <summary><see cref="PersonNames.Normalize"/> of the name.</summary>
    public string NormalizedName { get; private set; } = "";

    public DateOnly? BirthDate { get; private set; }
}

/// <summary>
/// Names compared as the list's clerks and a broker's staff may spell them: upper and lower case, ё and е, hyphens,
/// dots and extra spaces do not count, nor the order of surname, name and patronymic; what is left is compared by
/// edit distance, so a letter or two typed differently still matches.
/// </summary>
public static class PersonNames
{
    /// <summary>The least similarity (0 to 1) at which two names are the same person's.</summary>
    public const double MatchThreshold = 0.85;

    /// <summary>Lower case, ё as е, Latin look-alikes as Cyrillic, punctuation as spaces, the words sorted.</summary>
    public static string Normalize(string name)
    {
        var cleaned = new string([
            .. name.ToLowerInvariant()
                .Select(c =>
                    c switch
                    {
                        'ё' => 'е',
                        'a' => 'а',
                        'e' => 'е',
                        'o' => 'о',
                        'p' => 'р',
                        'c' => 'с',
                        'x' => 'х',
                        'y' => 'у',
                        'k' => 'к',
                        'm' => 'м',
                        't' => 'т',
                        'h' => 'н',
                        'b' => 'в',
                        _ when char.IsLetterOrDigit(c) => c,
                        _ => ' ',
                    }
                ),
        ]);
        return string.Join(
            ' ',
            cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
        );
    }

    /// <summary>1 minus the edit distance over the longer length, of two normalised names.</summary>
    public static double Similarity(string normalizedA, string normalizedB)
    {
        var longer = Math.Max(normalizedA.Length, normalizedB.Length);
        return longer == 0 ? 1 : 1 - ((double)Distance(normalizedA, normalizedB) / longer);
    }

    /// <summary>The same person: names alike enough, and birth dates equal where both are known.</summary>
    public static double? Match(string normalizedName, DateOnly birthDate, string entryName, DateOnly? entryBirthDate)
    {
        if (entryBirthDate is { } listed && listed != birthDate)
        {
            return null;
        }

        var score = Similarity(normalizedName, entryName);
        return score >= MatchThreshold ? Math.Round(score, 3) : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
