using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Training;

public enum LessonKind
{
    /// <summary>A knowledge-base article, by id.</summary>
    Article,

    /// <summary>A video: a document of the store or an https link.</summary>
    Video,

    /// <summary>Files of the store.</summary>
    Files,
}

/// <summary>What a lesson is made of: its kind and the one reference that kind needs, plus optional text.</summary>
public sealed record LessonContent(
    string Title,
    LessonKind Kind,
    Guid? ArticleId,
    Guid? VideoDocumentId,
    string? VideoUrl,
    IReadOnlyList<Guid> DocumentIds,
    string? Text,
    int Position
);

/// <summary>
/// A lesson takes exactly what its kind needs: an article lesson its article, a video lesson one video (a document or a
/// link), a files lesson at least one document; nothing of the other kinds.
/// </summary>
public sealed class LessonContentMustMatchKind(LessonContent content) : IBusinessRule
{
    public bool IsBroken() => Field() is not null;

    public Error Error =>
        Error.Validation(
            Field() ?? "kind",
            content.Kind switch
            {
                LessonKind.Article => "An article lesson names its articleId, and no video or documents.",
                LessonKind.Video =>
                    "A video lesson names either videoDocumentId or videoUrl (https), and no article or documents.",
                _ => "A files lesson names at least one of documentIds, and no article or video.",
            }
        );

    private string? Field() =>
        content.Kind switch
        {
            LessonKind.Article when content.ArticleId is null => "articleId",
            LessonKind.Article
                when content.VideoDocumentId is not null
                    || content.VideoUrl is not null
                    || content.DocumentIds.Count > 0 => "kind",
            LessonKind.Video when (content.VideoDocumentId is null) == (content.VideoUrl is null) => "videoUrl",
            LessonKind.Video when content.ArticleId is not null || content.DocumentIds.Count > 0 => "kind",
            LessonKind.Files when content.DocumentIds.Count == 0 => "documentIds",
            LessonKind.Files
                when content.ArticleId is not null
                    || content.VideoDocumentId is not null
                    || content.VideoUrl is not null => "kind",
            _ => null,
        };
}

/// <summary>A lesson of a course, in the course's order (ascending position, then creation).</summary>
public sealed class CourseLesson : AggregateRoot
{
    public const int MaxTitleLength = 300;
    public const int MaxTextLength = 50_000;
    public const int MaxDocuments = 20;
    public const int MaxVideoUrlLength = 2000;

    private CourseLesson() { }

    private CourseLesson(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid CourseId { get; private set; }

    public string Title { get; private set; } = "";

    public LessonKind Kind { get; private set; }

    public Guid? ArticleId { get; private set; }

    public Guid? VideoDocumentId { get; private set; }

    public string? VideoUrl { get; private set; }

    public List<Guid> DocumentIds { get; private set; } = [];

    public string? Text { get; private set; }

    public int Position { get; private set; }

    public static Result<CourseLesson> Create(Guid id, Guid courseId, LessonContent content, DateTimeOffset now)
    {
        var valid = Check(new LessonContentMustMatchKind(content));
        if (!valid.IsSuccess)
        {
            return valid.Error!;
        }

        var lesson = new CourseLesson(id, now) { CourseId = courseId };
        lesson.Apply(content);
        return lesson;
    }

    /// <summary>Applies head office's change; a change that changes nothing keeps the version.</summary>
    public Result<Unit> Update(LessonContent content, DateTimeOffset now)
    {
        var valid = Check(new LessonContentMustMatchKind(content));
        if (!valid.IsSuccess)
        {
            return valid;
        }

        var normalized = Normalize(content);
        if (
            normalized.Title == Title
            && normalized.Kind == Kind
            && normalized.ArticleId == ArticleId
            && normalized.VideoDocumentId == VideoDocumentId
            && normalized.VideoUrl == VideoUrl
            && normalized.DocumentIds.SequenceEqual(DocumentIds)
            && normalized.Text == Text
            && normalized.Position == Position
        )
        {
            return Unit.Value;
        }

        Apply(content);
        Touch(now);
        return Unit.Value;
    }

    private static LessonContent Normalize(LessonContent content) =>
        content with
        {
            Title = TextNormalizer.Collapse(content.Title),
            DocumentIds = content.DocumentIds.Distinct().ToList(),
            Text = content.Text is null ? null : KnowledgeText.Clean(content.Text),
        };

    private void Apply(LessonContent content)
    {
        var normalized = Normalize(content);
        Title = normalized.Title;
        Kind = normalized.Kind;
        ArticleId = normalized.ArticleId;
        VideoDocumentId = normalized.VideoDocumentId;
        VideoUrl = normalized.VideoUrl;
        DocumentIds = [.. normalized.DocumentIds];
        Text = normalized.Text;
        Position = normalized.Position;
    }
}

/// <summary>
/// That a learner completed a lesson: one row per user and lesson (a unique index), so completing again changes
/// nothing. Kept with the learner's organization, whose training events it is part of.
/// </summary>
public sealed class LessonCompletion : IOrganizationOwned
{
    private LessonCompletion() { }

    public Guid Id { get; private set; }

    public Guid CourseId { get; private set; }

    public Guid LessonId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public DateTimeOffset CompletedAt { get; private set; }

    public static LessonCompletion Of(
        Guid id,
        CourseLesson lesson,
        Guid userId,
        Guid organizationId,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            CourseId = lesson.CourseId,
            LessonId = lesson.Id,
            UserId = userId,
            OrganizationId = organizationId,
            CompletedAt = now,
        };
}
