using System.Globalization;
using System.Text;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Common;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Transfer;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>Reads a sanctions list file: Росфинмониторинг's XML list (<see cref="SanctionsListXml"/>),
/// told by its first character, else a table (CSV through the import's reader): the header names <c>fullName</c> and
/// <c>birthDate</c> in any order and case; a date is <c>ДД.ММ.ГГГГ</c> or ISO 8601, or empty. A row without a
/// name, or with a date of another form, refuses the file with its row number: a list is imported whole or not at all.
///</summary>
[Singleton]
public sealed class SanctionsListFiles : ISanctionsListFiles
{
    public const int MaxEntries = 500_000;
    private static readonly string[] DateFormats = ["dd.MM.yyyy", "yyyy-MM-dd"];

    public async Task<Result<IReadOnlyList<ListedPerson>>> ReadAsync(Stream file, CancellationToken cancellationToken)
    {
        if (!file.CanSeek)
        {
            var copy = new MemoryStream();
            await file.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            file = copy;
        }

        return await StartsWithMarkupAsync(file, cancellationToken)
            ? await SanctionsListXml.ReadAsync(file, cancellationToken)
            : await ReadTableAsync(file, cancellationToken);
    }

    /// <summary>Whether the first character after a byte order mark and white space is <c>&lt;</c>; the stream is
    /// left at its start.</summary>
    private static async Task<bool> StartsWithMarkupAsync(Stream file, CancellationToken cancellationToken)
    {
        var start = file.Position;
        var head = new byte[256];
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = start;
        var text = head.AsSpan(0, read);
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }

        var first = text.IndexOfAnyExcept((ReadOnlySpan<byte>)" \t\r\n"u8);
        return first >= 0 && text[first] == (byte)'<';
    }

    private static async Task<Result<IReadOnlyList<ListedPerson>>> ReadTableAsync(
        Stream file,
        CancellationToken cancellationToken
    )
    {
        var persons = new List<ListedPerson>();
        int name = -1,
            birth = -1,
            row = 0;
        try
        {
            await foreach (var cells in TableReader.ReadAsync(file, ImportFileFormat.Csv, cancellationToken))
            {
                row++;
                if (row == 1)
                {
                    var header = cells.Select(c => c?.Trim() ?? "").ToList();
                    name = header.FindIndex(h => h.Equals("fullName", StringComparison.OrdinalIgnoreCase));
                    birth = header.FindIndex(h => h.Equals("birthDate", StringComparison.OrdinalIgnoreCase));
                    if (name < 0 || birth < 0)
                    {
                        return Refused("The header must name the columns fullName and birthDate.");
                    }

                    continue;
                }

                var fullName = cells.ElementAtOrDefault(name)?.Trim();
                if (string.IsNullOrEmpty(fullName) || fullName.Length > SanctionsEntry.MaxNameLength)
                {
                    return Refused($"Row {row}: fullName must have 1 to {SanctionsEntry.MaxNameLength} characters.");
                }

                var dateText = cells.ElementAtOrDefault(birth)?.Trim();
                DateOnly? birthDate = null;
                if (!string.IsNullOrEmpty(dateText))
                {
                    if (
                        !DateOnly.TryParseExact(
                            dateText,
                            DateFormats,
                            CultureInfo.InvariantCulture,
                            DateTimeStyles.None,
                            out var parsed
                        )
                    )
                    {
                        return Refused($"Row {row}: birthDate must be ДД.ММ.ГГГГ or ГГГГ-ММ-ДД.");
                    }

                    birthDate = parsed;
                }

                if (persons.Count == MaxEntries)
                {
                    return Refused($"A list may have at most {MaxEntries} entries.");
                }

                persons.Add(new ListedPerson(fullName, birthDate));
            }
        }
        catch (Exception ex)
            when (ex is CsvHelper.CsvFormatException or InvalidDataException or DecoderFallbackException)
        {
            return Refused($"The file is not a CSV table: {ex.Message}");
        }

        return persons.Count == 0 ? Refused("The file lists nobody.") : persons;
    }

    private static Error Refused(string message) => Error.Validation("file", message);
}
