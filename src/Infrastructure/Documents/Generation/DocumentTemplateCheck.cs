using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using HandlebarsDotNet;
using MakCrm.Application.Documents.Templates;
using MakCrm.Domain.Common;
using MakCrm.Domain.Documents;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>
/// Checks a template body before it is stored or previewed. First its tags, line by line: every path must be a field
/// of the template's model in the context it is used in (<c>{{#each lines}}</c> enters a line, <c>{{#with payee}}</c>
/// a party, <c>../</c> and <c>@root</c> go back out), every helper, block and partial one the engine has, and no output
/// unescaped (<c>{{{…}}}</c>, which could break the XHTML). Then it compiles the body and renders the sample model:
/// the result must be well-formed XHTML with an <c>html</c> root and a <c>body</c>, and load nothing from outside
/// (no <c>src</c>, <c>href</c> other than <c>#…</c>, <c>url(…)</c> or <c>@import</c>), since the PDF renderer would
/// fetch it.
/// </summary>
internal static partial class DocumentTemplateCheck
{
    private static readonly HashSet<string> LoopVariables = new(StringComparer.Ordinal)
    {
        "@index",
        "@first",
        "@last",
        "@key",
    };

    private static readonly HashSet<string> Literals = new(StringComparer.Ordinal)
    {
        "true",
        "false",
        "null",
        "undefined",
    };

    private static readonly HashSet<string> LinkAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "src",
        "href",
        "srcset",
        "data",
        "poster",
        "background",
        "action",
    };

    public static Result<Unit> Check(string name, string body)
    {
        // A template no model declares has no known fields: only its helpers, partials and XHTML are checked.
        var model = DocumentTemplateModels.ModelOf(name) is null
            ? null
            : new DocumentTemplateField(
                "",
                DocumentTemplateFieldType.Object,
                null,
                DocumentTemplateModels.Fields(name),
                null
            );
        if (References(body, model) is { } unknown)
        {
            return unknown;
        }

        string html;
        try
        {
            html = DocumentTemplates.Render(DocumentTemplates.Compile(body), DocumentTemplateModels.SampleInput(name));
        }
        catch (HandlebarsException exception)
        {
            return Invalid(null, $"The template does not compile: {exception.Message}");
        }

        return Xhtml(html);
    }

    private static Error? References(string body, DocumentTemplateField? model)
    {
        var scopes = new List<DocumentTemplateField?> { model };
        var blocks = new Stack<(string Name, int Line, bool Scoped)>();
        var at = 0;
        while ((at = body.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var line = LineOf(body, at);
            if (at > 0 && body[at - 1] == '\\')
            {
                at += 2;
                continue;
            }

            if (body.AsSpan(at).StartsWith("{{{"))
            {
                return Unknown(line, "unescaped output (`{{{…}}}`) is not allowed; use `{{…}}`");
            }

            var comment = body.AsSpan(at).StartsWith("{{!--");
            var end = body.IndexOf(comment ? "--}}" : "}}", at + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return Invalid(line, "The tag is not closed with `}}`.");
            }

            var tag = body[(at + 2)..end].Trim().Trim('~').Trim();
            at = end + 2;
            if (tag.StartsWith('!'))
            {
                continue;
            }

            var problem = tag switch
            {
                "" => Unknown(line, "an empty tag `{{}}`"),
                _ when tag[0] == '&' => Unknown(line, "unescaped output (`{{&…}}`) is not allowed; use `{{…}}`"),
                _ when tag[0] == '>' => Partial(line, tag[1..].Trim()),
                _ when tag[0] == '#' => Open(line, tag[1..].Trim(), scopes, blocks),
                _ when tag[0] == '/' => Close(line, tag[1..].Trim(), scopes, blocks),
                "else" or "^" => null,
                _ when tag.StartsWith("else ", StringComparison.Ordinal) => Expression(
                    line,
                    Tokens(tag["else ".Length..]),
                    scopes,
                    helperFirst: true
                ),
                _ => Expression(line, Tokens(tag), scopes, helperFirst: false),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return blocks.Count > 0 ? Invalid(blocks.Peek().Line, $"`{{{{#{blocks.Peek().Name}}}}}` is not closed.") : null;
    }

    private static Error? Partial(int line, string tag)
    {
        var partial = Tokens(tag).FirstOrDefault() ?? "";
        var partials = string.Join(", ", DocumentTemplates.Partials);
        return DocumentTemplates.Partials.Contains(partial)
            ? null
            : Unknown(line, $"`{partial}` is not a partial (there are: {partials})");
    }

    private static Error? Open(
        int line,
        string tag,
        List<DocumentTemplateField?> scopes,
        Stack<(string Name, int Line, bool Scoped)> blocks
    )
    {
        var tokens = Tokens(tag);
        var block = tokens.FirstOrDefault() ?? "";
        if (!DocumentTemplates.Blocks.Contains(block))
        {
            return Unknown(line, $"`#{block}` is not a block helper (there are: if, unless, each, with)");
        }

        if (tokens.Count != 2)
        {
            return Invalid(line, $"`{{{{#{block}}}}}` takes one field.");
        }

        var field = Resolve(tokens[1], scopes);
        if (field is null && (scopes[^1] is not null || tokens[1].StartsWith('@')))
        {
            return Unknown(line, Missing(tokens[1]));
        }

        var scoped = block is "each" or "with";
        if (block == "each" && field is { Type: not DocumentTemplateFieldType.List })
        {
            return Invalid(line, $"`{tokens[1]}` is not a list, so `{{{{#each}}}}` cannot go through it.");
        }

        if (block == "with" && field is { Type: not DocumentTemplateFieldType.Object })
        {
            return Invalid(line, $"`{tokens[1]}` is not an object, so `{{{{#with}}}}` cannot enter it.");
        }

        if (scoped)
        {
            scopes.Add(block == "each" ? field?.Item : field);
        }

        blocks.Push((block, line, scoped));
        return null;
    }

    private static Error? Close(
        int line,
        string name,
        List<DocumentTemplateField?> scopes,
        Stack<(string Name, int Line, bool Scoped)> blocks
    )
    {
        if (blocks.Count == 0 || blocks.Peek().Name != name)
        {
            return Invalid(line, $"`{{{{/{name}}}}}` closes no open `{{{{#{name}}}}}`.");
        }

        if (blocks.Pop().Scoped)
        {
            scopes.RemoveAt(scopes.Count - 1);
        }

        return null;
    }

    private static Error? Expression(
        int line,
        List<string> tokens,
        List<DocumentTemplateField?> scopes,
        bool helperFirst
    )
    {
        if (tokens.Count == 0)
        {
            return Unknown(line, "an empty expression");
        }

        var arguments = tokens;
        if (helperFirst || tokens.Count > 1)
        {
            var helper = tokens[0];
            if (!DocumentTemplates.Helpers.Contains(helper) && !(helperFirst && helper is "if" or "unless"))
            {
                return Unknown(
                    line,
                    $"`{helper}` is not a helper (there are: {string.Join(", ", DocumentTemplates.Helpers)})"
                );
            }

            arguments = tokens[1..];
        }

        foreach (var argument in arguments)
        {
            var value = argument.Contains('=') ? argument[(argument.IndexOf('=') + 1)..] : argument;
            if (value.StartsWith('(') || value.EndsWith(')'))
            {
                return Unknown(line, "subexpressions (`(…)`) are not allowed");
            }

            if (IsLiteral(value) || (scopes[^1] is null && !value.StartsWith('@')))
            {
                continue;
            }

            if (Resolve(value, scopes) is null)
            {
                return Unknown(line, Missing(value));
            }
        }

        return null;
    }

    /// <summary>The field a path names in the current context, or <c>null</c> when there is none.</summary>
    private static DocumentTemplateField? Resolve(string path, List<DocumentTemplateField?> scopes)
    {
        var depth = scopes.Count - 1;
        if (LoopVariables.Contains(path))
        {
            return depth > 0
                ? new DocumentTemplateField(path, DocumentTemplateFieldType.Integer, null, [], null)
                : null;
        }

        if (path.StartsWith("@root", StringComparison.Ordinal))
        {
            depth = 0;
            path = path["@root".Length..].TrimStart('.', '/');
        }

        while (path.StartsWith("../", StringComparison.Ordinal))
        {
            depth--;
            path = path[3..];
        }

        if (depth < 0)
        {
            return null;
        }

        path = path.StartsWith("this", StringComparison.Ordinal) ? path["this".Length..].TrimStart('.', '/')
            : path.StartsWith("./", StringComparison.Ordinal) ? path[2..]
            : path;
        var field = scopes[depth];
        foreach (var segment in path.Split('.', '/', StringSplitOptions.RemoveEmptyEntries))
        {
            field = field?.Fields.FirstOrDefault(f => f.Name == segment);
        }

        return field;
    }

    private static Result<Unit> Xhtml(string html)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(
                new StringReader(html),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }
            );
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException exception)
        {
            return Invalid(
                null,
                $"The sample model does not render to well-formed XHTML (line {exception.LineNumber} of the "
                    + $"rendering): {exception.Message}"
            );
        }

        if (document.Root is not { Name.LocalName: "html" } root || root.Element("body") is null)
        {
            return Invalid(null, "The rendering must be an `html` element with a `body`.");
        }

        foreach (var element in root.DescendantsAndSelf())
        {
            var external =
                element
                    .Attributes()
                    .FirstOrDefault(a => LinkAttributes.Contains(a.Name.LocalName) && !a.Value.StartsWith('#'))
                is { } link
                    ? $"`{link.Name.LocalName}=\"{link.Value}\"`"
                : (element.Name.LocalName == "style" ? element.Value : (string?)element.Attribute("style"))
                    is { } css
                && ExternalCss().IsMatch(css)
                    ? "`url(…)` or `@import` in a style"
                : null;
            if (external is not null)
            {
                var line = ((IXmlLineInfo)element).LineNumber;
                return Invalid(null, $"Line {line} of the rendering loads from outside ({external}): not allowed.");
            }
        }

        return Unit.Value;
    }

    private static bool IsLiteral(string value) =>
        Literals.Contains(value)
        || value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'')
        || decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string Missing(string path) => $"`{path}` is not a field of the template's model here";

    /// <summary>The tokens of a tag, a quoted string being one.</summary>
    private static List<string> Tokens(string tag) => Token().Matches(tag).Select(m => m.Value).ToList();

    private static int LineOf(string body, int at) => body.AsSpan(0, at).Count('\n') + 1;

    private static Error Unknown(int line, string what) =>
        Problem(ErrorCodes.DocumentTemplateUnknownField, $"Line {line}: {what}.");

    private static Error Invalid(int? line, string message) =>
        Problem(ErrorCodes.DocumentTemplateInvalid, line is null ? message : $"Line {line}: {message}");

    private static Error Problem(string code, string message) =>
        new(code, message, ErrorKind.Unprocessable, new Dictionary<string, string[]> { ["body"] = [message] });

    [GeneratedRegex("""("[^"]*"|'[^']*'|[^\s]+)""")]
    private static partial Regex Token();

    // A bare font file name is one of the shipped fonts (weasyprint's base URL is their directory); nothing else.
    [GeneratedRegex(@"@import|url\s*\((?!\s*[""']?[A-Za-z0-9_-]+\.ttf[""']?\s*\))", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalCss();
}
