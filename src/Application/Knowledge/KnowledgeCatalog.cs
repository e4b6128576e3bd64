using MakCrm.Domain.Access;
using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.Knowledge;

/// <summary>Who reads the knowledge base: an author (head office, <c>knowledge.manage</c>) sees everything, drafts
/// included.</summary>
public sealed record KnowledgeReader(bool Author, Guid OrganizationId, IReadOnlyList<string> Roles);

public sealed record ArticleFilter(Guid? SectionId, string? Tag, ArticleStatus? Status);

/// <summary>A search as the repository runs it: the text, its filters, and how many hits to return.</summary>
public sealed record KnowledgeSearch(string Text, Guid? SectionId, string? Tag, int Limit);

public sealed record SectionDto(
    Guid Id,
    string Title,
    int Position,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static SectionDto From(KnowledgeSection s) =>
        new(s.Id, s.Title, s.Position, s.CreatedAt, s.UpdatedAt, s.Version);
}

public enum ArticleSortField
{
    UpdatedAt,
}

public static class KnowledgeCatalog
{
    public const int MaxSearchLength = 200;
    public const int DefaultSearchLimit = 20;
    public const int MaxSearchLimit = 50;

    public static SortCatalog<ArticleSortField, Contracts.Article> ArticleSorts { get; } =
        new(
            "knowledge_articles",
            "-updatedAt",
            ("updatedAt", ArticleSortField.UpdatedAt, typeof(DateTimeOffset), a => a.UpdatedAt)
        );

    /// <summary>
    /// The reader an actor is. A chat bot's own client (<c>telegram.bot</c>, no user) shows what it reads to anybody
    /// who
    /// writes to the bot, so it reads as the public (<see cref="Public"/>), whatever organization it belongs to; a
    /// linked
    /// user's token (the bot acting for the user) has a user and reads as that user.
    /// </summary>
    public static KnowledgeReader ReaderOf(ICurrentActor actor) =>
        actor.UserId is null && actor.Has(Permissions.TelegramBot)
            ? Public
            : new(actor.Has(Permissions.KnowledgeManage), actor.OrganizationId, actor.Roles);

    /// <summary>
    /// The public: the guest role of no organization, so it reads what is shown to everyone or to guests, and nothing
    /// limited to organization kinds (no organization has the empty id).
    /// </summary>
    public static KnowledgeReader Public { get; } = new(false, Guid.Empty, [Roles.Guest]);

    public static KnowledgeAuthor AuthorOf(ICurrentActor actor) => new(actor.UserId, actor.ClientId);

    public static Error ArticleNotFound(Guid id) => Error.NotFound("Article", id);

    public static Error SectionNotFound(Guid id) => Error.NotFound("Section", id);

    public static Error FaqNotFound(Guid id) => Error.NotFound("FAQ entry", id);

    public static Error UnknownSection(Guid id) => Error.Validation("sectionId", $"There is no section {id}.");

    /// <summary>A video link: an absolute http(s) URL.</summary>
    public static bool IsVideoUrl(string? url) =>
        url is { Length: > 0 and <= Article.MaxVideoUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";
}

/// <summary>Articles, their versions and FAQ entries as the API answers them.</summary>
public static class KnowledgeAnswers
{
    extension(Contracts.Article)
    {
        public static Contracts.Article From(Article a) =>
            new(
                a.Id,
                a.SectionId,
                a.Title,
                a.Body,
                a.BodyHtml,
                a.Tags,
                a.Status,
                a.VisibleToRoles,
                a.VisibleToKinds,
                a.AttachmentIds,
                a.VideoDocumentId,
                a.VideoUrl,
                a.PublishedAt,
                a.Revision,
                a.CreatedByUserId,
                a.CreatedAt,
                a.UpdatedAt,
                a.Version
            );
    }

    extension(Contracts.ArticleVersion)
    {
        /// <summary>A version of an article; its body is <c>null</c> in lists.</summary>
        public static Contracts.ArticleVersion From(ArticleVersion v, bool withBody) =>
            new(
                v.ArticleId,
                v.Number,
                v.Title,
                withBody ? v.Body : null,
                v.ChangedFields,
                v.ChangedByUserId,
                v.ChangedByClientId,
                v.ChangedAt
            );
    }

    extension(Contracts.FaqEntry)
    {
        public static Contracts.FaqEntry From(FaqEntry f) =>
            new(
                f.Id,
                f.SectionId,
                f.Question,
                f.Answer,
                f.AnswerHtml,
                f.Position,
                f.VisibleToRoles,
                f.VisibleToKinds,
                f.CreatedAt,
                f.UpdatedAt,
                f.Version
            );
    }
}
