namespace MakCrm.Domain.Knowledge;

public enum ArticleStatus
{
    Draft,
    Published,
}

/// <summary>What an author sets on an article; the body is Markdown and its HTML is rendered (and sanitised) from
/// it.</summary>
public sealed record ArticleContent(
    Guid SectionId,
    string Title,
    string Body,
    string BodyHtml,
    IReadOnlyList<string> Tags,
    Visibility Visibility,
    IReadOnlyList<Guid> AttachmentIds,
    Guid? VideoDocumentId,
    string? VideoUrl
);

/// <summary>Who saves a change: a user, or an API client acting for head office.</summary>
public sealed record KnowledgeAuthor(Guid? UserId, string? ClientId);

/// <summary>
/// A knowledge-base article: Markdown with its sanitised HTML, in a section, with tags, shown to the roles and
/// organization kinds of its <see cref="Visibility"/> once published (drafts only to authors). Attachments and an
/// uploaded video are documents of head office's store, referenced by id. Every save that changes the title or the
/// body appends an <see cref="ArticleVersion"/> (<see cref="Revision"/> counts them).
/// </summary>
public sealed class Article : AggregateRoot
{
    public const int MaxTitleLength = 300;
    public const int MaxBodyLength = 200_000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxAttachments = 20;
    public const int MaxVideoUrlLength = 2000;

    private Article() { }

    private Article(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid SectionId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>The Markdown the author wrote.</summary>
    public string Body { get; private set; } = "";

    /// <summary>The body rendered to HTML on write: raw HTML escaped, links and images only to allowed
    /// schemes.</summary>
    public string BodyHtml { get; private set; } = "";

    public List<string> Tags { get; private set; } = [];

    public ArticleStatus Status { get; private set; }

    public List<string> VisibleToRoles { get; private set; } = [];

    public List<string> VisibleToKinds { get; private set; } = [];

    public List<Guid> AttachmentIds { get; private set; } = [];

    public Guid? VideoDocumentId { get; private set; }

    public string? VideoUrl { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>How many versions of the title and body there are; the newest is this number.</summary>
    public int Revision { get; private set; }

    public Guid? CreatedByUserId { get; private set; }

    public Visibility Visibility => new(VisibleToRoles, VisibleToKinds);

    /// <summary>A new draft (or a published article) and its first version.</summary>
    public static (Article Article, ArticleVersion Version) Create(
        Guid id,
        ArticleContent content,
        ArticleStatus status,
        KnowledgeAuthor author,
        Guid versionId,
        DateTimeOffset now
    )
    {
        var article = new Article(id, now) { CreatedByUserId = author.UserId, Revision = 1 };
        article.Apply(content);
        article.SetStatus(status, now);
        return (article, ArticleVersion.Of(versionId, article, ["title", "body"], author, now));
    }

    /// <summary>
    /// Applies the author's change; a change that changes nothing keeps the version. Returns the new version of the
    /// title and body when either changed.
    /// </summary>
    public ArticleVersion? Update(
        ArticleContent content,
        ArticleStatus status,
        KnowledgeAuthor author,
        Guid versionId,
        DateTimeOffset now
    )
    {
        var changedText = new List<string>();
        if (content.Title != Title)
        {
            changedText.Add("title");
        }

        if (content.Body != Body)
        {
            changedText.Add("body");
        }

        var normalized = Normalize(content);
        var same =
            changedText.Count == 0
            && status == Status
            && normalized.SectionId == SectionId
            && normalized.BodyHtml == BodyHtml
            && normalized.Tags.SequenceEqual(Tags)
            && normalized.Visibility.Roles.SequenceEqual(VisibleToRoles)
            && normalized.Visibility.OrganizationKinds.SequenceEqual(VisibleToKinds)
            && normalized.AttachmentIds.SequenceEqual(AttachmentIds)
            && normalized.VideoDocumentId == VideoDocumentId
            && normalized.VideoUrl == VideoUrl;
        if (same)
        {
            return null;
        }

        Apply(content);
        SetStatus(status, now);
        Touch(now);
        if (changedText.Count == 0)
        {
            return null;
        }

        Revision++;
        return ArticleVersion.Of(versionId, this, changedText, author, now);
    }

    private static ArticleContent Normalize(ArticleContent content) =>
        content with
        {
            Tags = KnowledgeText.Tags(content.Tags),
            Visibility = content.Visibility.Normalized(),
            AttachmentIds = content.AttachmentIds.Distinct().ToList(),
        };

    private void Apply(ArticleContent content)
    {
        var normalized = Normalize(content);
        SectionId = normalized.SectionId;
        Title = normalized.Title;
        Body = normalized.Body;
        BodyHtml = normalized.BodyHtml;
        Tags = [.. normalized.Tags];
        VisibleToRoles = [.. normalized.Visibility.Roles];
        VisibleToKinds = [.. normalized.Visibility.OrganizationKinds];
        AttachmentIds = [.. normalized.AttachmentIds];
        VideoDocumentId = normalized.VideoDocumentId;
        VideoUrl = normalized.VideoUrl;
    }

    private void SetStatus(ArticleStatus status, DateTimeOffset now)
    {
        if (
            status == ArticleStatus.Published && Status != ArticleStatus.Published
            || status == ArticleStatus.Published && PublishedAt is null
        )
        {
            PublishedAt = now;
        }

        Status = status;
    }
}

/// <summary>One saved state of an article's title and body: who saved it, when, and which of the two changed.</summary>
public sealed class ArticleVersion
{
    private ArticleVersion() { }

    public Guid Id { get; private set; }

    public Guid ArticleId { get; private set; }

    public int Number { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>The fields this save changed: <c>title</c>, <c>body</c> or both.</summary>
    public List<string> ChangedFields { get; private set; } = [];

    public Guid? ChangedByUserId { get; private set; }

    public string? ChangedByClientId { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    internal static ArticleVersion Of(
        Guid id,
        Article article,
        List<string> changed,
        KnowledgeAuthor author,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            ArticleId = article.Id,
            Number = article.Revision,
            Title = article.Title,
            Body = article.Body,
            ChangedFields = changed,
            ChangedByUserId = author.UserId,
            ChangedByClientId = author.UserId is null ? author.ClientId : null,
            ChangedAt = now,
        };
}
