using MakCrm.Domain.Organizations;
using MakCrm.Domain.Tasks;

namespace MakCrm.Domain.Documents;

/// <summary>What a document is; uploads may be of <see cref="DocumentKinds.Uploadable"/> kinds only.</summary>
public enum DocumentKind
{
    Contract,
    Invoice,
    Act,
    Reconciliation,
    Scan,
    Other,
}

/// <summary>Where a document came from: uploaded by a user, or generated from a template (and then
/// immutable).</summary>
public enum DocumentOrigin
{
    Uploaded,
    Generated,
}

public static class DocumentKinds
{
    /// <summary>The kinds a user may upload; invoices, acts and reconciliation statements are only ever
    /// generated.</summary>
    public static IReadOnlyList<DocumentKind> Uploadable { get; } =
    [DocumentKind.Contract, DocumentKind.Scan, DocumentKind.Other];
}

/// <summary>The client, lead or deal a document is filed on.</summary>
public sealed record DocumentSubject(TaskSubjectType Type, Guid Id);

/// <summary>The template and input a generated document was made from, so that it can be explained and made
/// again.</summary>
public sealed record GeneratedFrom(string Template, int TemplateVersion, string Input);

/// <summary>
/// A file of an organization in the document store: its metadata here, its bytes in the storage under
/// <see cref="StorageKey"/>. The content never changes (a new file is a new document); a generated document cannot
/// be deleted, an uploaded one can (soft-deleted here, its bytes removed from the storage).
/// </summary>
public sealed class Document : AggregateRoot, IOrganizationOwned
{
    public const int MaxFileNameLength = 255;

    private Document() { }

    private Document(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    /// <summary>The kind of record the document is filed on; <c>null</c> for the organization's own
    /// document.</summary>
    public TaskSubjectType? SubjectType { get; private set; }

    public Guid? SubjectId { get; private set; }

    public DocumentSubject? Subject =>
        SubjectType is { } type && SubjectId is { } id ? new DocumentSubject(type, id) : null;

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public DocumentKind Kind { get; private set; }

    public DocumentOrigin Origin { get; private set; }

    public string FileName { get; private set; } = "";

    /// <summary>The media type sniffed from the content's first bytes, never the one the client sent.</summary>
    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    /// <summary>The SHA-256 of the content, lower-case hex.</summary>
    public string Sha256 { get; private set; } = "";

    public string StorageKey { get; private set; } = "";

    public string? TemplateName { get; private set; }

    public int? TemplateVersion { get; private set; }

    /// <summary>The input (JSON) the template was rendered with.</summary>
    public string? TemplateInput { get; private set; }

    public Guid? CreatedByUserId { get; private set; }

    public string? CreatedByClientId { get; private set; }

    public GeneratedFrom? Generated =>
        TemplateName is null ? null : new GeneratedFrom(TemplateName, TemplateVersion ?? 1, TemplateInput ?? "{}");

    /// <summary>The storage key of a document: its organization and id, so that nothing else decides where bytes
    /// go.</summary>
    public static string KeyFor(Guid organizationId, Guid id) => $"{organizationId:N}/{id:N}";

    public static Document Create(
        Guid id,
        Guid organizationId,
        DocumentKind kind,
        StoredContent content,
        GeneratedFrom? generatedFrom,
        Guid? createdByUserId,
        string? createdByClientId,
        DateTimeOffset now,
        DocumentSubject? subject = null
    ) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            SubjectType = subject?.Type,
            SubjectId = subject?.Id,
            Kind = kind,
            Origin = generatedFrom is null ? DocumentOrigin.Uploaded : DocumentOrigin.Generated,
            FileName = content.FileName,
            ContentType = content.ContentType,
            Size = content.Size,
            Sha256 = content.Sha256,
            StorageKey = KeyFor(organizationId, id),
            TemplateName = generatedFrom?.Template,
            TemplateVersion = generatedFrom?.TemplateVersion,
            TemplateInput = generatedFrom?.Input,
            CreatedByUserId = createdByUserId,
            CreatedByClientId = createdByClientId,
        };

    /// <summary>Deletes an uploaded document; a generated one is a record of what was issued and stays.</summary>
    public Result<Unit> Delete(DateTimeOffset now)
    {
        var allowed = Check(new GeneratedDocumentsStay(this));
        if (allowed.IsSuccess)
        {
            MarkDeleted(now);
        }

        return allowed;
    }
}

/// <summary>What is known of a document's bytes once they are read: name, sniffed type, size and hash.</summary>
public sealed record StoredContent(string FileName, string ContentType, long Size, string Sha256);

/// <summary>A generated document is never deleted: it is the record of what was issued.</summary>
public sealed record GeneratedDocumentsStay(Document Document) : IBusinessRule
{
    public bool IsBroken() => Document.Origin == DocumentOrigin.Generated;

    public Error Error =>
        new(ErrorCodes.DocumentGenerated, "A generated document cannot be deleted.", ErrorKind.Conflict);
}
