namespace MakCrm.Domain.Knowledge;

/// <summary>
/// A topic of the knowledge base (a flat list in head office's order): articles and FAQ entries belong to one. Flat
/// rather than a tree because the cabinets show one level of topics and the bot one menu; a tag groups across them.
/// </summary>
public sealed class KnowledgeSection : AggregateRoot
{
    public const int MaxTitleLength = 200;

    private KnowledgeSection() { }

    private KnowledgeSection(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Title { get; private set; } = "";

    /// <summary>Where the section is shown among the others (ascending; equal positions by title).</summary>
    public int Position { get; private set; }

    public static KnowledgeSection Create(Guid id, string title, int position, DateTimeOffset now) =>
        new(id, now) { Title = TextNormalizer.Collapse(title), Position = position };

    /// <summary>Renames or moves the section; a change that changes nothing keeps the version.</summary>
    public void Update(string title, int position, DateTimeOffset now)
    {
        var normalized = TextNormalizer.Collapse(title);
        if (normalized == Title && position == Position)
        {
            return;
        }

        Title = normalized;
        Position = position;
        Touch(now);
    }

    /// <summary>Deletes the section; the caller has checked under the section's lock that nothing is filed in
    /// it.</summary>
    public void Delete(DateTimeOffset now) => MarkDeleted(now);
}
