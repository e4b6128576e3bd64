using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using MakCrm.Domain.Documents;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>
/// The document templates, Handlebars files embedded in this assembly (<c>Documents/Templates</c>), one per name and
/// version: <c>invoice.v1.html.hbs</c>. A new version is a new file, the old one stays, so that a stored document's
/// template version still names the file it came from; rendering uses the newest. Templates are XHTML (well-formed, so
/// the DOCX writer can read them too) and include the <c>styles</c> partial, whose fonts weasyprint loads relative to
/// the shipped font directory. Versions head office stores (<see cref="DocumentRenderer"/>) are compiled with
/// <see cref="Compile"/> by the same engine, and so have the same helpers and partials. Helpers: <c>money</c>
/// («1 234,50»), <c>words</c> (the amount in words), <c>date</c> («22 ноября 2026 г.»), <c>shortDate</c>
/// («22.11.2026») and <c>count</c> (a list's length).
/// </summary>
public static partial class DocumentTemplates
{
    private const string Prefix = "DocumentTemplates.";
    private const string PartialSuffix = ".partial.hbs";

    private static readonly string[] Months =
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];

    private static readonly Lock Compiling = new();

    private static readonly IHandlebars Engine = CreateEngine();

    private static readonly FrozenDictionary<string, FrozenDictionary<int, string>> Bodies = LoadBodies();

    private static readonly FrozenDictionary<
        string,
        FrozenDictionary<int, HandlebarsTemplate<object, object>>
    > Embedded = Bodies.ToFrozenDictionary(
        t => t.Key,
        t => t.Value.ToFrozenDictionary(v => v.Key, v => Compile(v.Value)),
        StringComparer.Ordinal
    );

    /// <summary>The template names (<c>invoice</c>, <c>contract</c>, <c>act</c>, <c>reconciliation</c>, …).</summary>
    public static IReadOnlyCollection<string> Names => Embedded.Keys;

    /// <summary>The helpers a template may call, the blocks it may open and the partials it may include.</summary>
    public static IReadOnlySet<string> Helpers { get; } =
        new HashSet<string>(["money", "words", "date", "shortDate", "count"], StringComparer.Ordinal);

    public static IReadOnlySet<string> Blocks { get; } =
        new HashSet<string>(["if", "unless", "each", "with"], StringComparer.Ordinal);

    public static IReadOnlySet<string> Partials { get; } =
        Resources()
            .Where(r => r.EndsWith(PartialSuffix, StringComparison.Ordinal))
            .Select(r => r[Prefix.Length..^PartialSuffix.Length])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The newest version embedded in the application (stored versions may follow it).</summary>
    public static int NewestEmbeddedVersion(string name) =>
        Embedded.TryGetValue(name, out var versions)
            ? versions.Keys.Max()
            : throw new InvalidOperationException($"There is no document template '{name}'.");

    /// <summary>The embedded versions of a template, oldest first; empty for an unknown name.</summary>
    public static IReadOnlyList<int> EmbeddedVersions(string name) =>
        Bodies.TryGetValue(name, out var versions) ? versions.Keys.Order().ToList() : [];

    public static string? EmbeddedBody(string name, int version) =>
        Bodies.TryGetValue(name, out var versions) ? versions.GetValueOrDefault(version) : null;

    /// <summary>The HTML of an embedded template version for an input (a JSON object, as stored with the
    /// document).</summary>
    public static string Render(string name, int version, string input)
    {
        if (!Embedded.TryGetValue(name, out var versions) || !versions.TryGetValue(version, out var template))
        {
            throw new InvalidOperationException($"There is no document template '{name}' version {version}.");
        }

        return Render(template, input);
    }

    /// <summary>The compiled embedded version.</summary>
    public static HandlebarsTemplate<object, object> Compiled(string name, int version) =>
        Embedded.TryGetValue(name, out var versions) && versions.TryGetValue(version, out var template)
            ? template
            : throw new InvalidOperationException($"There is no document template '{name}' version {version}.");

    /// <summary>The HTML of a compiled template for an input (a JSON object).</summary>
    public static string Render(HandlebarsTemplate<object, object> template, string input)
    {
        using var document = JsonDocument.Parse(input);
        return template(JsonTemplateData.From(document.RootElement));
    }

    /// <summary>Compiles a body with the helpers and partials of the embedded templates; a syntax error
    /// throws.</summary>
    public static HandlebarsTemplate<object, object> Compile(string body)
    {
        lock (Compiling)
        {
            return Engine.Compile(body);
        }
    }

    public static string Money(object? value) =>
        ToDecimal(value) is { } amount ? Domain.Common.Money.Print(amount) : "";

    public static string LongDate(object? value) =>
        ToDate(value) is { } date
            ? string.Create(CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year} г.")
            : "";

    private static IHandlebars CreateEngine()
    {
        var handlebars = Handlebars.Create();
        handlebars.RegisterHelper(
            "money",
            (EncodedTextWriter output, Context _, Arguments arguments) => output.Write(Money(arguments[0]))
        );
        handlebars.RegisterHelper(
            "words",
            (EncodedTextWriter output, Context _, Arguments arguments) =>
                output.Write(ToDecimal(arguments[0]) is { } amount ? AmountInWords.Rubles(amount) : "")
        );
        handlebars.RegisterHelper(
            "date",
            (EncodedTextWriter output, Context _, Arguments arguments) => output.Write(LongDate(arguments[0]))
        );
        handlebars.RegisterHelper(
            "shortDate",
            (EncodedTextWriter output, Context _, Arguments arguments) =>
                output.Write(
                    ToDate(arguments[0]) is { } date ? date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : ""
                )
        );
        handlebars.RegisterHelper(
            "count",
            (EncodedTextWriter output, Context _, Arguments arguments) =>
                output.Write(
                    arguments[0] is System.Collections.ICollection list
                        ? list.Count.ToString(CultureInfo.InvariantCulture)
                        : "0"
                )
        );

        foreach (var partial in Resources().Where(r => r.EndsWith(PartialSuffix, StringComparison.Ordinal)))
        {
            handlebars.RegisterTemplate(
                partial[Prefix.Length..^PartialSuffix.Length],
                Read(typeof(DocumentTemplates).Assembly, partial)
            );
        }

        return handlebars;
    }

    private static FrozenDictionary<string, FrozenDictionary<int, string>> LoadBodies()
    {
        var assembly = typeof(DocumentTemplates).Assembly;
        var result = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
        foreach (var resource in Resources())
        {
            if (TemplateFile().Match(resource[Prefix.Length..]) is not { Success: true } match)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            (result.TryGetValue(name, out var versions) ? versions : result[name] = [])[version] = Read(
                assembly,
                resource
            );
        }

        return result.ToFrozenDictionary(r => r.Key, r => r.Value.ToFrozenDictionary(), StringComparer.Ordinal);
    }

    private static IEnumerable<string> Resources() =>
        typeof(DocumentTemplates)
            .Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(Prefix, StringComparison.Ordinal));

    [GeneratedRegex(@"^(?<name>[a-z_]+)\.v(?<version>[0-9]+)\.html\.hbs$")]
    private static partial Regex TemplateFile();

    private static string Read(System.Reflection.Assembly assembly, string resource)
    {
        using var stream =
            assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The document template {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static decimal? ToDecimal(object? value) =>
        value switch
        {
            decimal d => d,
            long l => l,
            int i => i,
            double d => (decimal)d,
            string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) =>
                parsed,
            _ => null,
        };

    private static DateOnly? ToDate(object? value) =>
        value switch
        {
            DateOnly d => d,
            string s
                when DateOnly.TryParseExact(
                    s,
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var parsed
                ) => parsed,
            _ => null,
        };
}

/// <summary>A JSON value as the data Handlebars renders: objects as dictionaries, arrays as lists, numbers as long or
/// decimal.</summary>
public static class JsonTemplateData
{
    public static Dictionary<string, object?> From(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? (Dictionary<string, object?>)ToData(element)! : [];

    private static object? ToData(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => element
                .EnumerateObject()
                .ToDictionary(p => p.Name, p => ToData(p.Value), StringComparer.Ordinal),
            JsonValueKind.Array => element.EnumerateArray().Select(ToData).ToList(),
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDecimal(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
}
