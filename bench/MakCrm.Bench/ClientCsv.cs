using System.Text;
using MakCrm.Domain.Clients;

namespace MakCrm.Bench;

/// <summary>A client row as the API stores it: contacts normalised (E.164 phone, lower-case e-mail), text trimmed.</summary>
internal sealed record ClientRow(string FullName, string Phone, string? Email, string City, string Source);

/// <summary>
/// The import file: a seeded, valid client CSV in the import format (header by column name: fullName, phone, email,
/// city, source — the columns of a client export, which an import reads back), UTF-8, comma-separated. Every row is a
/// distinct client (unique phone and e-mail), so the import creates them all and finds no duplicates; phones come in
/// the everyday spellings the API normalises.
/// </summary>
internal static class ClientCsv
{
    public static readonly string[] Header = ["fullName", "phone", "email", "city", "source"];

    private static readonly string[] Sources = ["partner", "lead_generation", "cold_base", "external", "purchased_base"];

    /// <summary>The file for these rows and seed, generated once (it is deterministic) and reused by later runs.</summary>
    public static async Task<string> EnsureAsync(string directory, int rows, int seed, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, $"clients-{rows}-{seed}.csv"));
        if (File.Exists(path))
        {
            return path;
        }

        var partial = path + ".partial";
        await using (var writer = new StreamWriter(partial, false, new UTF8Encoding(false), 1 << 16))
        {
            await writer.WriteLineAsync(string.Join(',', Header));
            var line = new StringBuilder(128);
            foreach (var (raw, _) in Rows(rows, seed))
            {
                line.Clear().Append(raw.FullName).Append(',').Append(raw.Phone).Append(',').Append(raw.Email).Append(',').Append(raw.City).Append(',').Append(raw.Source);
                await writer.WriteLineAsync(line, cancellationToken);
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>The rows of the file, each as written and as the API would store it.</summary>
    public static IEnumerable<(ClientRow Raw, ClientRow Normalized)> Rows(int rows, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var contact = LeadPayloads.NewContact(i, withEmail: random.Next(10) < 7);
            var raw = new ClientRow(contact.FullName, contact.Phone, contact.Email is null ? null : contact.Email.ToUpperInvariant(), contact.City, Sources[i % Sources.Length]);
            var normalized = raw with
            {
                Phone = PhoneNumber.Parse(raw.Phone).Value,
                Email = raw.Email is null ? null : EmailAddress.Parse(raw.Email).Value,
            };
            yield return (raw, normalized);
        }
    }
}
