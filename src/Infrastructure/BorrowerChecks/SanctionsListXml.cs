using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Common;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>
/// Reads Росфинмониторинг's list file as its personal account delivers it: root
/// <c>Перечень</c>, the list in force in <c>АктуальныйПеречень</c> as <c>Субъект</c>
/// elements. A natural person (<c>ФЛ</c>) is listed with its <c>ФИО</c> and <c>ДатаРождения</c> (ISO
/// 8601, with or without a time, or <c>ДД.ММ.ГГГГ</c>; only a <c>ГодРождения</c>, or none, leaves
/// the date unknown, so the person is matched by name), and each other name of
/// <c>СписокДрНаименований</c> as an entry of its own with the same date. Organizations
/// (<c>ЮЛ</c>) are not persons a borrower check matches; the recently excluded
/// (<c>ПоследниеИсключенные</c>) are not in force. The file is read as a stream, one subject at a
/// time, in the encoding its declaration names (windows-1251 too); DTDs are refused.
/// </summary>
internal static class SanctionsListXml
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy"];

    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    public static async Task<Result<IReadOnlyList<ListedPerson>>> ReadAsync(
        Stream file,
        CancellationToken cancellationToken
    )
    {
        // The list is often declared in windows-1251, which .NET reads once the code pages are registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var persons = new List<ListedPerson>();
        try
        {
            using var reader = XmlReader.Create(file, Settings);
            await reader.MoveToContentAsync();
            if (reader.LocalName != "Перечень")
            {
                var root = reader.LocalName;
                return Refused(
                    $"The XML file is not Росфинмониторинг's list: its root is {root}, "
                        + "not Перечень.");
            }

            while (await reader.ReadAsync())
            {
                var atList = reader is { NodeType: XmlNodeType.Element, Depth: 1 }
                    && reader.LocalName == "АктуальныйПеречень";
                if (!atList)
                {
                    continue;
                }

                if (reader.IsEmptyElement)
                {
                    break;
                }

                await reader.ReadAsync();
                while (reader is { NodeType: XmlNodeType.Element, Depth: 2 })
                {
                    var subject = (XElement)await XNode.ReadFromAsync(reader, cancellationToken);
                    if (subject.Name.LocalName == "Субъект" && Read(subject, persons) is { } fault)
                    {
                        return fault;
                    }
                }

                break;
            }
        }
        catch (Exception ex) when (ex is XmlException or DecoderFallbackException or ArgumentException)
        {
            return Refused($"The file is not well-formed XML: {ex.Message}");
        }

        return persons.Count == 0 ? Refused("The file lists nobody.") : persons;
    }

    /// <summary>Adds the subject's names, when it is a natural person; answers the file's fault, if any.</summary>
    private static Error? Read(XElement subject, List<ListedPerson> persons)
    {
        if (subject.Element("ФЛ") is not { } person)
        {
            return null;
        }

        var id = subject.Element("ИдСубъекта")?.Value.Trim() ?? "?";
        var dateText = person.Element("ДатаРождения")?.Value.Trim();
        DateOnly? birthDate = null;
        if (!string.IsNullOrEmpty(dateText))
        {
            var day = dateText.Split('T')[0];
            var culture = CultureInfo.InvariantCulture;
            if (!DateOnly.TryParseExact(day, DateFormats, culture, DateTimeStyles.None, out var parsed))
            {
                return Refused(
                    $"Субъект {id}: ДатаРождения must be ГГГГ-ММ-ДД or ДД.ММ.ГГГГ.");
            }

            birthDate = parsed;
        }

        var otherNames = person.Element("СписокДрНаименований")
            ?.Elements("ДрНаименование") ?? [];
        var names = otherNames
            .Select(n => n.Element("ФИО")?.Value)
            .Prepend(person.Element("ФИО")?.Value)
            .ToList();
        if (string.IsNullOrWhiteSpace(names[0]))
        {
            return Refused($"Субъект {id}: ФЛ has no ФИО.");
        }

        foreach (var name in names.Select(n => n?.Trim()).OfType<string>().Where(n => n.Length > 0))
        {
            if (name.Length > SanctionsEntry.MaxNameLength)
            {
                var most = SanctionsEntry.MaxNameLength;
                return Refused($"Субъект {id}: a name must have at most {most} characters.");
            }

            if (persons.Count == SanctionsListFiles.MaxEntries)
            {
                return Refused($"A list may have at most {SanctionsListFiles.MaxEntries} entries.");
            }

            persons.Add(new ListedPerson(name, birthDate));
        }

        return null;
    }

    private static Error Refused(string message) => Error.Validation("file", message);
}
