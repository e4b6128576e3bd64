using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>
/// Writes a DOCX from the XHTML a document template rendered, so that the PDF and the DOCX of a document come from one
/// template and one model. It understands the small subset the templates use: headings (<c>h1</c>–<c>h3</c>),
/// paragraphs, <c>div</c>s, tables (with <c>colspan</c>; class <c>plain</c> for no borders), <c>b</c>/<c>strong</c>,
/// <c>br</c>, and the classes <c>right</c>, <c>center</c> and <c>small</c>; the head (styles) is left out. The text is
/// set in PT Serif and the headings in PT Sans, declared by name in the font table (the fonts ship with the project).
/// </summary>
public static partial class HtmlDocxWriter
{
    private const string Serif = "PT Serif";
    private const string Sans = "PT Sans";

    public static byte[] Write(string xhtml)
    {
        var html =
            XDocument.Parse(xhtml).Root ?? throw new InvalidOperationException("The template rendered no document.");
        var body = new Body();
        if (html.Element("body") is { } source)
        {
            AppendBlocks(body, source);
        }

        // A4, with the margins of the PDF's @page rule (in twentieths of a point).
        body.Append(
            new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin
                {
                    Top = 850,
                    Right = 850,
                    Bottom = 1020,
                    Left = 1134,
                    Header = 0,
                    Footer = 0,
                    Gutter = 0,
                }
            )
        );

        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new DocDefaults(
                    new RunPropertiesDefault(
                        new RunPropertiesBaseStyle(
                            new RunFonts
                            {
                                Ascii = Serif,
                                HighAnsi = Serif,
                                ComplexScript = Serif,
                                EastAsia = Serif,
                            },
                            new FontSize { Val = "20" },
                            new Languages { Val = "ru-RU" }
                        )
                    ),
                    new ParagraphPropertiesDefault(
                        new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { Before = "0", After = "60" })
                    )
                )
            );
            main.AddNewPart<FontTablePart>().Fonts = new Fonts(new Font { Name = Serif }, new Font { Name = Sans });
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static void AppendBlocks(OpenXmlCompositeElement container, XElement parent)
    {
        foreach (var element in parent.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "h1" or "h2" or "h3":
                    var size = element.Name.LocalName == "h1" ? "28" : "22";
                    container.Append(ParagraphOf(element, new TextStyle(Bold: true, Size: size, Font: Sans)));
                    break;
                case "table":
                    container.Append(TableOf(element));
                    break;
                case "div":
                    AppendBlocks(container, element);
                    break;
                default:
                    container.Append(ParagraphOf(element, new TextStyle()));
                    break;
            }
        }
    }

    private sealed record TextStyle(bool Bold = false, string? Size = null, string? Font = null);

    private static Paragraph ParagraphOf(XElement element, TextStyle style)
    {
        var paragraph = new Paragraph();
        if (Alignment(element) is { } alignment)
        {
            paragraph.Append(new ParagraphProperties(new Justification { Val = alignment }));
        }

        var runs = new List<Run>();
        AppendInline(runs, element, Classes(element).Contains("small") ? style with { Size = "16" } : style);
        TrimEdges(runs);
        paragraph.Append(runs);
        return paragraph;
    }

    private static void AppendInline(List<Run> runs, XElement parent, TextStyle style)
    {
        foreach (var node in parent.Nodes())
        {
            switch (node)
            {
                case XText text:
                    var value = Whitespace().Replace(text.Value, " ");
                    if (value.Length > 0)
                    {
                        runs.Add(RunOf(style, new Text(value) { Space = SpaceProcessingModeValues.Preserve }));
                    }

                    break;
                case XElement { Name.LocalName: "br" }:
                    runs.Add(RunOf(style, new Break()));
                    break;
                case XElement element:
                    var inner = element.Name.LocalName is "b" or "strong" or "th" ? style with { Bold = true } : style;
                    AppendInline(
                        runs,
                        element,
                        Classes(element).Contains("small") ? inner with { Size = "16" } : inner
                    );
                    break;
            }
        }
    }

    private static Run RunOf(TextStyle style, OpenXmlElement content)
    {
        var properties = new RunProperties();
        if (style.Font is { } font)
        {
            properties.Append(
                new RunFonts
                {
                    Ascii = font,
                    HighAnsi = font,
                    ComplexScript = font,
                    EastAsia = font,
                }
            );
        }

        if (style.Bold)
        {
            properties.Append(new Bold());
        }

        if (style.Size is { } size)
        {
            properties.Append(new FontSize { Val = size });
        }

        return properties.HasChildren ? new Run(properties, content) : new Run(content);
    }

    /// <summary>HTML drops the white space at a block's edges; so does the DOCX.</summary>
    private static void TrimEdges(List<Run> runs)
    {
        if (runs.FirstOrDefault()?.GetFirstChild<Text>() is { } first)
        {
            first.Text = first.Text.TrimStart();
        }

        if (runs.LastOrDefault()?.GetFirstChild<Text>() is { } last)
        {
            last.Text = last.Text.TrimEnd();
        }
    }

    private static Table TableOf(XElement element)
    {
        var rows = element.Descendants("tr").ToList();
        var columns = rows.Select(r => r.Elements().Sum(Span)).DefaultIfEmpty(1).Max();
        var border = Classes(element).Contains("plain") ? BorderValues.None : BorderValues.Single;
        var table = new Table(
            new TableProperties(
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
                new TableBorders(
                    new TopBorder { Val = border, Size = 4 },
                    new BottomBorder { Val = border, Size = 4 },
                    new LeftBorder { Val = border, Size = 4 },
                    new RightBorder { Val = border, Size = 4 },
                    new InsideHorizontalBorder { Val = border, Size = 4 },
                    new InsideVerticalBorder { Val = border, Size = 4 }
                ),
                new TableCellMarginDefault(
                    new TopMargin { Width = "30", Type = TableWidthUnitValues.Dxa },
                    new BottomMargin { Width = "30", Type = TableWidthUnitValues.Dxa }
                )
            )
        );
        // The text width of A4 with the margins above, shared equally.
        var width = (11906 - 1134 - 850) / columns;
        table.Append(
            new TableGrid(
                Enumerable
                    .Range(0, columns)
                    .Select(_ => new GridColumn { Width = width.ToString(CultureInfo.InvariantCulture) })
            )
        );
        foreach (var row in rows)
        {
            var tableRow = new TableRow();
            foreach (var cell in row.Elements())
            {
                var tableCell = new TableCell();
                if (Span(cell) > 1)
                {
                    tableCell.Append(new TableCellProperties(new GridSpan { Val = Span(cell) }));
                }

                if (cell.Elements().Any(e => e.Name.LocalName is "p" or "div" or "table"))
                {
                    AppendBlocks(tableCell, cell);
                }
                else
                {
                    tableCell.Append(
                        ParagraphOf(
                            cell,
                            cell.Name.LocalName == "th" ? new TextStyle(Bold: true, Font: Sans) : new TextStyle()
                        )
                    );
                }

                if (!tableCell.Elements<Paragraph>().Any())
                {
                    tableCell.Append(new Paragraph());
                }

                tableRow.Append(tableCell);
            }

            table.Append(tableRow);
        }

        return table;
    }

    private static int Span(XElement cell) =>
        int.TryParse((string?)cell.Attribute("colspan"), NumberStyles.None, CultureInfo.InvariantCulture, out var span)
        && span > 1
            ? span
            : 1;

    private static JustificationValues? Alignment(XElement element) =>
        Classes(element) switch
        {
            var c when c.Contains("right") => JustificationValues.Right,
            var c when c.Contains("center") => JustificationValues.Center,
            _ => null,
        };

    private static string[] Classes(XElement element) =>
        ((string?)element.Attribute("class") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
