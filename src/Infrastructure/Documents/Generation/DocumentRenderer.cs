using System.Collections.Concurrent;
using System.Text;
using HandlebarsDotNet;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Templates;
using MakCrm.Domain.Common;
using MakCrm.Domain.Documents;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>
/// Renders a model with the newest version of its template: the model becomes its JSON input (what is stored with the
/// document), the template renders that input to XHTML, and the XHTML becomes the PDF (through
/// <see cref="IPdfRenderer"/>) or the DOCX (<see cref="HtmlDocxWriter"/>). The input alone, with the template version,
/// gives the same document again. The newest version is the larger of the newest embedded one and the newest stored
/// one, whose number is read from the database at each rendering (one indexed read), so every API instance uses a
/// version from the moment it is stored. A stored version's body is read by its name and number (one row of the unique
/// index) and its compiled form kept by the body's text for the life of the process: the body decides the template,
/// whichever database or number it came from.
/// </summary>
[Scoped]
internal sealed class DocumentRenderer(IPdfRenderer pdf, IDocumentTemplateVersionRepository versions)
    : IDocumentRenderer
{
    private static readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> Stored = new(
        StringComparer.Ordinal
    );

    public async Task<Result<RenderedDocument>> RenderAsync(
        IDocumentModel model,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    )
    {
        var input = DocumentTemplateModels.Serialize(model);
        var version = await NewestAsync(model.Template, cancellationToken);
        return await RenderAsync(new GeneratedFrom(model.Template, version, input), format, cancellationToken);
    }

    public Task<Result<RenderedDocument>> RenderAgainAsync(
        GeneratedFrom from,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    ) => RenderAsync(from, format, cancellationToken);

    public async Task<Result<RenderedPreview>> PreviewAsync(
        DocumentTemplateDraft draft,
        string input,
        Contracts.DocumentTemplatePreviewFormat format,
        CancellationToken cancellationToken
    )
    {
        string html;
        if (draft.Body is { } body)
        {
            if (DocumentTemplateCheck.Check(draft.Name, body) is { IsSuccess: false } invalid)
            {
                return invalid.Error!;
            }

            html = DocumentTemplates.Render(DocumentTemplates.Compile(body), input);
        }
        else
        {
            var version = draft.Version ?? await NewestAsync(draft.Name, cancellationToken);
            if (await TemplateAsync(draft.Name, version, cancellationToken) is not { } template)
            {
                return new Error(
                    ErrorCodes.NotFound,
                    $"Document template '{draft.Name}' has no version {version}.",
                    ErrorKind.NotFound
                );
            }

            html = DocumentTemplates.Render(template, input);
        }

        if (format == Contracts.DocumentTemplatePreviewFormat.Html)
        {
            return new RenderedPreview(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", "html");
        }

        if (format == Contracts.DocumentTemplatePreviewFormat.Docx)
        {
            return new RenderedPreview(HtmlDocxWriter.Write(html), ContentSniffer.Docx, "docx");
        }

        var rendered = await pdf.RenderAsync(html, cancellationToken);
        return rendered.IsSuccess ? new RenderedPreview(rendered.Value, ContentSniffer.Pdf, "pdf") : rendered.Error!;
    }

    private async Task<Result<RenderedDocument>> RenderAsync(
        GeneratedFrom from,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    )
    {
        var template =
            await TemplateAsync(from.Template, from.TemplateVersion, cancellationToken)
            ?? throw new InvalidOperationException(
                $"There is no document template '{from.Template}' version {from.TemplateVersion}."
            );
        var html = DocumentTemplates.Render(template, from.Input);
        if (format == Contracts.DocumentFileFormat.Docx)
        {
            return new RenderedDocument(
                HtmlDocxWriter.Write(html),
                ContentSniffer.Docx,
                from.Template,
                from.TemplateVersion,
                from.Input
            );
        }

        var rendered = await pdf.RenderAsync(html, cancellationToken);
        return rendered.IsSuccess
            ? new RenderedDocument(rendered.Value, ContentSniffer.Pdf, from.Template, from.TemplateVersion, from.Input)
            : rendered.Error!;
    }

    private async Task<int> NewestAsync(string name, CancellationToken cancellationToken) =>
        Math.Max(
            DocumentTemplates.NewestEmbeddedVersion(name),
            await versions.NewestNumberAsync(name, cancellationToken) ?? 0
        );

    /// <summary>The compiled template of a version, embedded or stored; <c>null</c> when there is none.</summary>
    private async Task<HandlebarsTemplate<object, object>?> TemplateAsync(
        string name,
        int number,
        CancellationToken cancellationToken
    )
    {
        if (DocumentTemplates.EmbeddedBody(name, number) is not null)
        {
            return DocumentTemplates.Compiled(name, number);
        }

        return await versions.GetAsync(name, number, cancellationToken) is { } stored
            ? Stored.GetOrAdd(stored.Body, DocumentTemplates.Compile)
            : null;
    }
}

/// <summary>The embedded templates and the check of a new version, for the Application.</summary>
[Singleton]
internal sealed class DocumentTemplateEngine : IDocumentTemplateEngine
{
    public IReadOnlyCollection<string> Names => DocumentTemplates.Names;

    public IReadOnlyList<int> EmbeddedVersions(string name) => DocumentTemplates.EmbeddedVersions(name);

    public string? EmbeddedBody(string name, int version) => DocumentTemplates.EmbeddedBody(name, version);

    public Result<Unit> Check(string name, string body) => DocumentTemplateCheck.Check(name, body);
}
