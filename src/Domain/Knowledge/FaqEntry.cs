namespace MakCrm.Domain.Knowledge;

/// <summary>What head office sets on a FAQ entry; the answer is Markdown and its HTML is rendered (and sanitised) from
/// it.</summary>
public sealed record FaqContent(
    Guid SectionId,
    string Question,
    string Answer,
    string AnswerHtml,
    int Position,
    Visibility Visibility
);

/// <summary>
/// A question and its answer, shown in the cabinets' help pages and by the bot in head office's order (by section,
/// then position), to the roles and organization kinds of its <see cref="Visibility"/> as articles are.
/// </summary>
public sealed class FaqEntry : AggregateRoot
{
    public const int MaxQuestionLength = 500;
    public const int MaxAnswerLength = 20_000;

    private FaqEntry() { }

    private FaqEntry(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid SectionId { get; private set; }

    public string Question { get; private set; } = "";

    public string Answer { get; private set; } = "";

    public string AnswerHtml { get; private set; } = "";

    public int Position { get; private set; }

    public List<string> VisibleToRoles { get; private set; } = [];

    public List<string> VisibleToKinds { get; private set; } = [];

    public Visibility Visibility => new(VisibleToRoles, VisibleToKinds);

    public static FaqEntry Create(Guid id, FaqContent content, DateTimeOffset now)
    {
        var entry = new FaqEntry(id, now);
        entry.Apply(content);
        return entry;
    }

    /// <summary>Applies the change; a change that changes nothing keeps the version.</summary>
    public void Update(FaqContent content, DateTimeOffset now)
    {
        var visibility = content.Visibility.Normalized();
        if (
            content.SectionId == SectionId
            && content.Question == Question
            && content.Answer == Answer
            && content.AnswerHtml == AnswerHtml
            && content.Position == Position
            && visibility.Roles.SequenceEqual(VisibleToRoles)
            && visibility.OrganizationKinds.SequenceEqual(VisibleToKinds)
        )
        {
            return;
        }

        Apply(content);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private void Apply(FaqContent content)
    {
        var visibility = content.Visibility.Normalized();
        SectionId = content.SectionId;
        Question = content.Question;
        Answer = content.Answer;
        AnswerHtml = content.AnswerHtml;
        Position = content.Position;
        VisibleToRoles = [.. visibility.Roles];
        VisibleToKinds = [.. visibility.OrganizationKinds];
    }
}
