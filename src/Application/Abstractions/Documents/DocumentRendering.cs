namespace MakCrm.Application.Abstractions.Documents;

/// <summary>
/// A typed model a document template is rendered with. <see cref="Template"/> names the template; the model,
/// serialized as JSON (camelCase), is the template's input and is stored with the document.
/// </summary>
public interface IDocumentModel
{
    string Template { get; }
}

/// <summary>A rendered document: its bytes and media type, the template version used and the input (JSON) it was
/// rendered from.</summary>
public sealed record RenderedDocument(
    byte[] Content,
    string ContentType,
    string Template,
    int TemplateVersion,
    string Input
);

/// <summary>
/// Renders documents from their templates, as PDF or DOCX (a preview also as HTML). A template version is one embedded
/// in the application or one head office stored; the newest of either is read from the database at each rendering, so
/// a version stored through one API instance is used by all of them at once.
/// </summary>
public interface IDocumentRenderer
{
    /// <summary>Renders a model with the newest version of its template.</summary>
    Task<Result<RenderedDocument>> RenderAsync(
        IDocumentModel model,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    );

    /// <summary>Renders a stored input again with the template version it was rendered with.</summary>
    Task<Result<RenderedDocument>> RenderAgainAsync(
        Domain.Documents.GeneratedFrom from,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Renders an input with a draft body of a template (checked first, as a new version is) or with one of its
    /// versions (the newest when <paramref name="version"/> is <c>null</c>); a version that does not exist is 404.
    /// </summary>
    Task<Result<RenderedPreview>> PreviewAsync(
        DocumentTemplateDraft draft,
        string input,
        Contracts.DocumentTemplatePreviewFormat format,
        CancellationToken cancellationToken
    );
}

/// <summary>What a preview renders: a template's draft <paramref name="Body"/>, else its <paramref name="Version"/>,
/// else its newest version.</summary>
public sealed record DocumentTemplateDraft(string Name, string? Body, int? Version);

/// <summary>A preview's bytes, media type and file extension.</summary>
public sealed record RenderedPreview(byte[] Content, string ContentType, string Extension);

/// <summary>
/// The template versions embedded in the application (Handlebars XHTML, one per name and version) and the check a new
/// version passes before it is stored: it compiles, uses only the fields of its template's model and the known helpers
/// and partials, and renders the sample model to well-formed XHTML.
/// </summary>
public interface IDocumentTemplateEngine
{
    /// <summary>The names of the embedded templates.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The embedded versions of a template, oldest first; empty for an unknown name.</summary>
    IReadOnlyList<int> EmbeddedVersions(string name);

    /// <summary>The body of an embedded version; <c>null</c> when there is none.</summary>
    string? EmbeddedBody(string name, int version);

    /// <summary>Nothing when the body may be stored as a version of the template, else the problem (422).</summary>
    Result<Unit> Check(string name, string body);
}

/// <summary>Turns an HTML document into a PDF; a failure (missing program, timeout, bad output) is an error
/// value.</summary>
public interface IPdfRenderer
{
    Task<Result<byte[]>> RenderAsync(string html, CancellationToken cancellationToken);
}

/// <summary>
/// Gap-free document numbers: the next number of a series for an issuer and year, taken from a counter row that stays
/// locked until the caller's transaction ends, so a rollback gives the number back and parallel callers wait in turn.
/// </summary>
public interface IDocumentCounters
{
    Task<long> NextAsync(Guid issuerId, string series, int year, CancellationToken cancellationToken);
}
