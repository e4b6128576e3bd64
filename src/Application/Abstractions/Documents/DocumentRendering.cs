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

/// <summary>Renders a model with the newest version of its template, as PDF or DOCX.</summary>
public interface IDocumentRenderer
{
    Task<Result<RenderedDocument>> RenderAsync(
        IDocumentModel model,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    );
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
