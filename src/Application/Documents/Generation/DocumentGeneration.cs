using System.Globalization;
using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Domain.Documents;

namespace MakCrm.Application.Documents.Generation;

/// <summary>A numbered series of documents: numbers are <c>{Series}-{year}-{n:000000}</c>, gap-free per issuer, series
/// and year.</summary>
public sealed record DocumentNumbering(Guid IssuerId, string Series)
{
    public string Format(int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{Series}-{year}-{number:000000}");
}

/// <summary>The document's id (known before it is stored, so the step in the transaction can refer to it), its number
/// (when numbered) and the date it is issued with.</summary>
public sealed record DocumentIssue(Guid DocumentId, string? Number, DateOnly Date);

/// <summary>
/// What to generate: for which organization, of which kind and format, numbered in which series (or not), the model
/// made from the issue's number and date, optionally a step that runs in the same transaction once the number is
/// taken (e.g. writing the settlement act that the document prints), and the client, lead or deal it is filed on.
/// </summary>
public sealed record DocumentGenerationRequest(
    Guid OrganizationId,
    DocumentKind Kind,
    Contracts.DocumentFileFormat Format,
    DocumentNumbering? Numbering,
    Func<DocumentIssue, IDocumentModel> Model,
    Func<DocumentIssue, CancellationToken, Task<Result<Unit>>>? WithinTransaction = null,
    DocumentSubject? Subject = null
);

/// <summary>Settings of generated documents (<c>Mak:Documents:Generation</c>).</summary>
public sealed record DocumentGenerationSettings(decimal VatRatePercent);

/// <summary>The one way a document is generated and stored, whatever its kind.</summary>
public interface IDocumentGeneration
{
    /// <summary>
    /// In the command's unit of work: takes the next number of the series, renders the model, stores the bytes and adds
    /// the document (immutable, with its SHA-256, template name and version, and the input), which the unit of work
    /// commits. A failed rendering is an error and leaves nothing behind: the unit of work rolls back, so no number is
    /// used and no bytes or row are stored.
    /// </summary>
    Task<Result<DocumentDto>> GenerateAndStoreAsync(
        DocumentGenerationRequest request,
        CancellationToken cancellationToken
    );
}

public static class DocumentDates
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    /// <summary>The date documents are dated: today in Moscow time, where head office keeps its books.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(InBooks(clock.GetUtcNow()).DateTime);

    /// <summary>An instant in Moscow time, as head office's books and the files they exchange state it.</summary>
    public static DateTimeOffset InBooks(DateTimeOffset at) => at.ToOffset(Moscow);
}

internal sealed class DocumentGeneration(
    IDocumentRenderer renderer,
    IDocumentCounters counters,
    IDocumentRepository documents,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    ICurrentActor actor,
    TimeProvider clock
) : IDocumentGeneration
{
    private static readonly Dictionary<DocumentKind, string> Titles = new()
    {
        [DocumentKind.Invoice] = "Счёт на оплату",
        [DocumentKind.Contract] = "Договор",
        [DocumentKind.Act] = "Акт",
        [DocumentKind.Reconciliation] = "Акт сверки",
    };

    public async Task<Result<DocumentDto>> GenerateAndStoreAsync(
        DocumentGenerationRequest request,
        CancellationToken cancellationToken
    )
    {
        var date = DocumentDates.Today(clock);
        string? number = null;
        if (request.Numbering is { } numbering)
        {
            number = numbering.Format(
                date.Year,
                await counters.NextAsync(numbering.IssuerId, numbering.Series, date.Year, cancellationToken)
            );
        }

        var issue = new DocumentIssue(clock.NewId(), number, date);
        if (
            request.WithinTransaction is { } step
            && await step(issue, cancellationToken) is { IsSuccess: false } failed
        )
        {
            return failed.Error!;
        }

        var rendered = await renderer.RenderAsync(request.Model(issue), request.Format, cancellationToken);
        if (!rendered.IsSuccess)
        {
            return rendered.Error!;
        }

        var output = rendered.Value;
        var title = Titles.GetValueOrDefault(request.Kind, "Документ");
        var fileName =
            $"{title}{(number is null ? "" : " " + number)} от "
            + $"{date:yyyy-MM-dd}.{(request.Format == Contracts.DocumentFileFormat.Pdf ? "pdf" : "docx")}";
        var content = new StoredContent(
            fileName,
            output.ContentType,
            output.Content.Length,
            Convert.ToHexStringLower(SHA256.HashData(output.Content))
        );
        var document = Document.Create(
            issue.DocumentId,
            request.OrganizationId,
            request.Kind,
            content,
            new GeneratedFrom(output.Template, output.TemplateVersion, output.Input),
            actor.UserId,
            actor.UserId is null ? actor.ClientId : null,
            clock.UtcNowMicroseconds(),
            request.Subject
        );
        using var bytes = new MemoryStream(output.Content, writable: false);
        await DocumentWrites.StoreAsync(document, bytes, documents, storage, unitOfWork, cancellationToken);
        return DocumentDto.From(document);
    }
}
