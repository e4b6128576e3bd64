namespace MakCrm.Domain.Documents;

/// <summary>
/// A version of a document template that head office wrote: the Handlebars XHTML body of template
/// <see cref="Name"/>, numbered after the versions embedded in the application and those stored before it. A version
/// never changes once stored, so a document that names it renders again the same; the newest one is what new
/// documents are rendered with.
/// </summary>
public sealed class DocumentTemplateVersion : AggregateRoot
{
    public const int MaxBodyLength = 200_000;
    public const int MaxNoteLength = 500;

    private DocumentTemplateVersion() { }

    private DocumentTemplateVersion(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The template's name (<c>invoice</c>, <c>act</c>), one of the embedded ones.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The version's number within its template, as documents name it.</summary>
    public int Number { get; private set; }

    public string Body { get; private set; } = "";

    /// <summary>What changed, in head office's words.</summary>
    public string? Note { get; private set; }

    public Guid? CreatedByUserId { get; private set; }

    public static DocumentTemplateVersion Create(
        Guid id,
        string name,
        int number,
        string body,
        string? note,
        Guid? createdByUserId,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            Name = name,
            Number = number,
            Body = body,
            Note = note,
            CreatedByUserId = createdByUserId,
        };
}

/// <summary>What a field a document template may use holds.</summary>
public enum DocumentTemplateFieldType
{
    String,
    Integer,
    Number,
    Date,
    Boolean,
    Object,
    List,
}
