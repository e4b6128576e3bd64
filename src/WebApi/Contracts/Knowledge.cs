using MakCrm.Application.Common;
using MakCrm.Application.Knowledge;
using MakCrm.Domain.Knowledge;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed record KnowledgeSection(Guid Id, string Title, int Position, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static KnowledgeSection From(SectionDto s) => new(s.Id, s.Title, s.Position, s.CreatedAt, s.UpdatedAt, s.Version);
}

public sealed record KnowledgeSectionList(IReadOnlyList<KnowledgeSection> Items)
{
    public static KnowledgeSectionList From(IReadOnlyList<SectionDto> sections) => new(sections.Select(KnowledgeSection.From).ToList());
}

public sealed record CreateKnowledgeSectionRequest
{
    public required string Title { get; init; }

    public int Position { get; init; }

    public CreateSectionCommand ToCommand() => new(Title, Position);
}

public sealed record UpdateKnowledgeSectionRequest
{
    public string Title { get; init; } = "";

    public int Position { get; init; }

    public static UpdateSectionCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateKnowledgeSectionRequest> body) =>
        new(id, ifMatch, body.Field("title", body.Value.Title), body.Field("position", body.Value.Position));
}

public sealed record Article(
    Guid Id, Guid SectionId, string Title, string Body, string BodyHtml, IReadOnlyList<string> Tags, ArticleStatus Status,
    IReadOnlyList<string> VisibleToRoles, IReadOnlyList<string> VisibleToKinds, IReadOnlyList<Guid> AttachmentIds, Guid? VideoDocumentId,
    string? VideoUrl, DateTimeOffset? PublishedAt, int Revision, Guid? CreatedByUserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static Article From(ArticleDto a) => new(
        a.Id, a.SectionId, a.Title, a.Body, a.BodyHtml, a.Tags, a.Status, a.VisibleToRoles, a.VisibleToKinds, a.AttachmentIds, a.VideoDocumentId,
        a.VideoUrl, a.PublishedAt, a.Revision, a.CreatedByUserId, a.CreatedAt, a.UpdatedAt, a.Version);
}

public sealed record ArticlePage(IReadOnlyList<Article> Items, string? NextCursor)
{
    public static ArticlePage From(Page<ArticleDto> page) => new(page.Items.Select(Article.From).ToList(), page.NextCursor);
}

public sealed record CreateArticleRequest
{
    public required Guid SectionId { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public ArticleStatus Status { get; init; } = ArticleStatus.Draft;

    public IReadOnlyList<string> VisibleToRoles { get; init; } = [];

    public IReadOnlyList<string> VisibleToKinds { get; init; } = [];

    public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];

    public Guid? VideoDocumentId { get; init; }

    public string? VideoUrl { get; init; }

    public CreateArticleCommand ToCommand() =>
        new(SectionId, Title, Body, Tags, Status, VisibleToRoles, VisibleToKinds, AttachmentIds, VideoDocumentId, VideoUrl);
}

public sealed record UpdateArticleRequest
{
    public Guid SectionId { get; init; }

    public string Title { get; init; } = "";

    public string Body { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public ArticleStatus Status { get; init; }

    public IReadOnlyList<string> VisibleToRoles { get; init; } = [];

    public IReadOnlyList<string> VisibleToKinds { get; init; } = [];

    public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];

    public Guid? VideoDocumentId { get; init; }

    public string? VideoUrl { get; init; }

    public static UpdateArticleCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateArticleRequest> body)
    {
        var patch = body.Value;
        return new UpdateArticleCommand(
            id, ifMatch, body.Field("sectionId", patch.SectionId), body.Field("title", patch.Title), body.Field("body", patch.Body),
            body.Field("tags", patch.Tags), body.Field("status", patch.Status), body.Field("visibleToRoles", patch.VisibleToRoles),
            body.Field("visibleToKinds", patch.VisibleToKinds), body.Field("attachmentIds", patch.AttachmentIds),
            body.Field("videoDocumentId", patch.VideoDocumentId), body.Field("videoUrl", patch.VideoUrl));
    }
}

public sealed record ArticleVersion(
    Guid ArticleId, int Number, string Title, string? Body, IReadOnlyList<string> ChangedFields, Guid? ChangedByUserId, string? ChangedByClientId, DateTimeOffset ChangedAt)
{
    public static ArticleVersion From(ArticleVersionDto v) =>
        new(v.ArticleId, v.Number, v.Title, v.Body, v.ChangedFields, v.ChangedByUserId, v.ChangedByClientId, v.ChangedAt);
}

public sealed record ArticleVersionList(IReadOnlyList<ArticleVersion> Items)
{
    public static ArticleVersionList From(IReadOnlyList<ArticleVersionDto> versions) => new(versions.Select(ArticleVersion.From).ToList());
}

public sealed record FaqEntry(
    Guid Id, Guid SectionId, string Question, string Answer, string AnswerHtml, int Position, IReadOnlyList<string> VisibleToRoles,
    IReadOnlyList<string> VisibleToKinds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static FaqEntry From(FaqEntryDto f) => new(
        f.Id, f.SectionId, f.Question, f.Answer, f.AnswerHtml, f.Position, f.VisibleToRoles, f.VisibleToKinds, f.CreatedAt, f.UpdatedAt, f.Version);
}

public sealed record FaqEntryList(IReadOnlyList<FaqEntry> Items)
{
    public static FaqEntryList From(IReadOnlyList<FaqEntryDto> entries) => new(entries.Select(FaqEntry.From).ToList());
}

public sealed record CreateFaqEntryRequest
{
    public required Guid SectionId { get; init; }

    public required string Question { get; init; }

    public required string Answer { get; init; }

    public int Position { get; init; }

    public IReadOnlyList<string> VisibleToRoles { get; init; } = [];

    public IReadOnlyList<string> VisibleToKinds { get; init; } = [];

    public CreateFaqEntryCommand ToCommand() => new(SectionId, Question, Answer, Position, VisibleToRoles, VisibleToKinds);
}

public sealed record UpdateFaqEntryRequest
{
    public Guid SectionId { get; init; }

    public string Question { get; init; } = "";

    public string Answer { get; init; } = "";

    public int Position { get; init; }

    public IReadOnlyList<string> VisibleToRoles { get; init; } = [];

    public IReadOnlyList<string> VisibleToKinds { get; init; } = [];

    public static UpdateFaqEntryCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateFaqEntryRequest> body)
    {
        var patch = body.Value;
        return new UpdateFaqEntryCommand(
            id, ifMatch, body.Field("sectionId", patch.SectionId), body.Field("question", patch.Question), body.Field("answer", patch.Answer),
            body.Field("position", patch.Position), body.Field("visibleToRoles", patch.VisibleToRoles), body.Field("visibleToKinds", patch.VisibleToKinds));
    }
}

public sealed record KnowledgeHit(KnowledgeHitKind Kind, Guid Id, Guid SectionId, string Title, string Snippet, double Rank, bool Fuzzy)
{
    public static KnowledgeHit From(KnowledgeHitDto h) => new(h.Kind, h.Id, h.SectionId, h.Title, h.Snippet, h.Rank, h.Fuzzy);
}

public sealed record KnowledgeSearchResult(IReadOnlyList<KnowledgeHit> Items)
{
    public static KnowledgeSearchResult From(IReadOnlyList<KnowledgeHitDto> hits) => new(hits.Select(KnowledgeHit.From).ToList());
}
