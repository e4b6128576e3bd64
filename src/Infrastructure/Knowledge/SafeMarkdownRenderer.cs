using MakCrm.Application.Abstractions.Persistence;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MakCrm.Infrastructure.Knowledge;

/// <summary>
/// Markdown to HTML with Markdig, safe to show without a sanitiser: raw HTML (blocks and inline) is escaped as text
/// (<c>DisableHtml</c>), no extension that writes attributes (generic attributes) is enabled, and every link and image
/// is checked against an allow-list of URL schemes — links http, https and mailto (or a path or fragment of this site),
/// images http and https — anything else (javascript:, data:, vbscript:, …) is dropped and its text kept.
/// </summary>
[Singleton]
internal sealed class SafeMarkdownRenderer : IMarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .Build();

    private static readonly string[] LinkSchemes = ["http", "https", "mailto"];
    private static readonly string[] ImageSchemes = ["http", "https"];

    public string ToSafeHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!Allowed(link.Url, link.IsImage ? ImageSchemes : LinkSchemes, allowLocal: !link.IsImage))
            {
                Unwrap(link);
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !Allowed(autolink.Url, LinkSchemes, allowLocal: false))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>
    /// An absolute URL of an allowed scheme, or (for links) a path or fragment of this site. Whitespace and control
    /// characters are removed before the scheme is read, as browsers do (<c>java&#9;script:</c>).
    /// </summary>
    private static bool Allowed(string? url, string[] schemes, bool allowLocal)
    {
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        var compact = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        if (
            allowLocal
            && (
                compact.StartsWith('#')
                || (
                    compact.StartsWith('/')
                    && !compact.StartsWith("//", StringComparison.Ordinal)
                    && !compact.StartsWith("/\\", StringComparison.Ordinal)
                )
            )
        )
        {
            return true;
        }

        return Uri.TryCreate(compact, UriKind.Absolute, out var uri)
            && schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            && url.StartsWith(uri.Scheme, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Replaces a link by its text (an image by its description).</summary>
    private static void Unwrap(LinkInline link)
    {
        if (link.IsImage)
        {
            link.ReplaceBy(
                new LiteralInline(string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString())))
            );
            return;
        }

        var children = link.ToList();
        Inline anchor = link;
        foreach (var child in children)
        {
            child.Remove();
            anchor.InsertAfter(child);
            anchor = child;
        }

        link.Remove();
    }
}
