using System.Collections.Frozen;
using System.Text.Json;
using HandlebarsDotNet;

namespace MakCrm.Infrastructure.Mail;

/// <summary>A rendered mail: its subject and its body as plain text and as HTML.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// The mail templates, Handlebars files embedded in this assembly (<c>Mail/Templates</c>): per template a plain-text
/// file,
/// <c>name.txt.hbs</c>, whose first line is <c>Subject: ...</c> followed by an empty line and the body, and an HTML
/// file,
/// <c>name.html.hbs</c>. They are compiled once. The HTML is rendered with Handlebars' escaping, the text without it;
/// every template also gets <c>cabinetUrl</c>, the cabinet's public address, for its links. An SMS template is one
/// plain-text file, <c>name.sms.hbs</c>, rendered without escaping and trimmed.
/// </summary>
public static class MailTemplates
{
    private const string Prefix = "MailTemplates.";
    private const string SubjectLine = "Subject:";

    private static readonly IHandlebars Html = Handlebars.Create();

    private static readonly IHandlebars Text = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });

    private static readonly FrozenDictionary<
        string,
        (
            HandlebarsTemplate<object, object> Subject,
            HandlebarsTemplate<object, object> Text,
            HandlebarsTemplate<object, object> Html
        )
    > Compiled = Load();

    private static readonly FrozenDictionary<string, HandlebarsTemplate<object, object>> CompiledSms = LoadSms();

    /// <summary>The template names (<c>invitation</c>, <c>password_reset</c>, ...).</summary>
    public static IEnumerable<string> Names => Compiled.Keys;

    public static bool Exists(string name) => Compiled.ContainsKey(name);

    /// <summary>The SMS template names.</summary>
    public static IEnumerable<string> SmsNames => CompiledSms.Keys;

    public static bool SmsExists(string name) => CompiledSms.ContainsKey(name);

    /// <param name="values">The values the template fills in, a JSON object as the outbox stored it.</param>
    public static string RenderSms(string name, string values)
    {
        if (!CompiledSms.TryGetValue(name, out var template))
        {
            throw new InvalidOperationException($"There is no SMS template '{name}'.");
        }

        using var document = JsonDocument.Parse(values);
        return template(Documents.Generation.JsonTemplateData.From(document.RootElement)).Trim();
    }

    /// <param name="values">The values the template fills in, a JSON object as the outbox stored it.</param>
    public static RenderedMail Render(string name, string values, string cabinetUrl)
    {
        if (!Compiled.TryGetValue(name, out var template))
        {
            throw new InvalidOperationException($"There is no mail template '{name}'.");
        }

        using var document = JsonDocument.Parse(values);
        var data = Documents.Generation.JsonTemplateData.From(document.RootElement);
        data["cabinetUrl"] = cabinetUrl.TrimEnd('/');
        return new RenderedMail(template.Subject(data).Trim(), template.Text(data), template.Html(data));
    }

    private static FrozenDictionary<
        string,
        (HandlebarsTemplate<object, object>, HandlebarsTemplate<object, object>, HandlebarsTemplate<object, object>)
    > Load()
    {
        var assembly = typeof(MailTemplates).Assembly;
        var result = new Dictionary<
            string,
            (HandlebarsTemplate<object, object>, HandlebarsTemplate<object, object>, HandlebarsTemplate<object, object>)
        >(StringComparer.Ordinal);
        foreach (
            var resource in assembly
                .GetManifestResourceNames()
                .Where(r =>
                    r.StartsWith(Prefix, StringComparison.Ordinal) && r.EndsWith(".txt.hbs", StringComparison.Ordinal)
                )
        )
        {
            var name = resource[Prefix.Length..^".txt.hbs".Length];
            var text = Read(assembly, resource).ReplaceLineEndings("\n");
            var html = Read(assembly, $"{Prefix}{name}.html.hbs");
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (!text.StartsWith(SubjectLine, StringComparison.Ordinal) || split < 0)
            {
                throw new InvalidOperationException(
                    $"The mail template {resource} must start with a 'Subject:' line and an empty line."
                );
            }

            result[name] = (
                Text.Compile(text[SubjectLine.Length..split]),
                Text.Compile(text[(split + 2)..]),
                Html.Compile(html)
            );
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, HandlebarsTemplate<object, object>> LoadSms()
    {
        var assembly = typeof(MailTemplates).Assembly;
        return assembly
            .GetManifestResourceNames()
            .Where(r =>
                r.StartsWith(Prefix, StringComparison.Ordinal) && r.EndsWith(".sms.hbs", StringComparison.Ordinal)
            )
            .ToFrozenDictionary(
                r => r[Prefix.Length..^".sms.hbs".Length],
                r => Text.Compile(Read(assembly, r)),
                StringComparer.Ordinal
            );
    }

    private static string Read(System.Reflection.Assembly assembly, string resource)
    {
        using var stream =
            assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The mail template {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
