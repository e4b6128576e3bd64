using System.Text.Encodings.Web;
using System.Text.Json;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents;
using MakCrm.Domain.Common;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>
/// Renders a model with the newest version of its template: the model becomes its JSON input (what is stored with the
/// document), the template renders that input to XHTML, and the XHTML becomes the PDF (through
/// <see cref="IPdfRenderer"/>)
/// or the DOCX (<see cref="HtmlDocxWriter"/>). The input alone, with the template version, gives the same document
/// again.
/// </summary>
[Singleton]
internal sealed class DocumentRenderer(IPdfRenderer pdf) : IDocumentRenderer
{
    private static readonly JsonSerializerOptions InputOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<Result<RenderedDocument>> RenderAsync(
        IDocumentModel model,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    )
    {
        var input = JsonSerializer.Serialize(model, model.GetType(), InputOptions);
        var version = DocumentTemplates.NewestVersion(model.Template);
        var html = DocumentTemplates.Render(model.Template, version, input);
        if (format == Contracts.DocumentFileFormat.Docx)
        {
            return new RenderedDocument(
                HtmlDocxWriter.Write(html),
                ContentSniffer.Docx,
                model.Template,
                version,
                input
            );
        }

        var rendered = await pdf.RenderAsync(html, cancellationToken);
        return rendered.IsSuccess
            ? new RenderedDocument(rendered.Value, ContentSniffer.Pdf, model.Template, version, input)
            : rendered.Error!;
    }
}
