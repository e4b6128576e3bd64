using MakCrm.Application.Common;
using MakCrm.Application.Knowledge;
using MakCrm.Domain.Knowledge;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed partial record KnowledgeSection
{
    public static KnowledgeSection From(SectionDto s) => new(s.Id, s.Title, s.Position, s.CreatedAt, s.UpdatedAt, s.Version);
}

public sealed partial record KnowledgeSectionList
{
    public static KnowledgeSectionList From(IReadOnlyList<SectionDto> sections) => new(sections.Select(KnowledgeSection.From).ToList());
}

public sealed partial record CreateKnowledgeSectionRequest
{
    public CreateSectionCommand ToCommand() => new(Title, Position);
}

public sealed partial record UpdateKnowledgeSectionRequest
{
    public static UpdateSectionCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateKnowledgeSectionRequest> body) =>
        new(id, ifMatch, body.Field("title", body.Value.Title), body.Field("position", body.Value.Position));
}

public sealed partial record Article
{
    public static Article From(ArticleDto a) => new(
        a.Id, a.SectionId, a.Title, a.Body, a.BodyHtml, a.Tags, a.Status, a.VisibleToRoles, a.VisibleToKinds, a.AttachmentIds, a.VideoDocumentId,
        a.VideoUrl, a.PublishedAt, a.Revision, a.CreatedByUserId, a.CreatedAt, a.UpdatedAt, a.Version);
}

public sealed partial record ArticlePage
{
    public static ArticlePage From(Page<ArticleDto> page) => new(page.Items.Select(Article.From).ToList(), page.NextCursor);
}

public sealed partial record CreateArticleRequest
{
    public CreateArticleCommand ToCommand() =>
        new(SectionId, Title, Body, Tags, Status, VisibleToRoles, VisibleToKinds, AttachmentIds, VideoDocumentId, VideoUrl);
}

public sealed partial record UpdateArticleRequest
{
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

public sealed partial record ArticleVersion
{
    public static ArticleVersion From(ArticleVersionDto v) =>
        new(v.ArticleId, v.Number, v.Title, v.Body, v.ChangedFields, v.ChangedByUserId, v.ChangedByClientId, v.ChangedAt);
}

public sealed partial record ArticleVersionList
{
    public static ArticleVersionList From(IReadOnlyList<ArticleVersionDto> versions) => new(versions.Select(ArticleVersion.From).ToList());
}

public sealed partial record FaqEntry
{
    public static FaqEntry From(FaqEntryDto f) => new(
        f.Id, f.SectionId, f.Question, f.Answer, f.AnswerHtml, f.Position, f.VisibleToRoles, f.VisibleToKinds, f.CreatedAt, f.UpdatedAt, f.Version);
}

public sealed partial record FaqEntryList
{
    public static FaqEntryList From(IReadOnlyList<FaqEntryDto> entries) => new(entries.Select(FaqEntry.From).ToList());
}

public sealed partial record CreateFaqEntryRequest
{
    public CreateFaqEntryCommand ToCommand() => new(SectionId, Question, Answer, Position, VisibleToRoles, VisibleToKinds);
}

public sealed partial record UpdateFaqEntryRequest
{
    public static UpdateFaqEntryCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateFaqEntryRequest> body)
    {
        var patch = body.Value;
        return new UpdateFaqEntryCommand(
            id, ifMatch, body.Field("sectionId", patch.SectionId), body.Field("question", patch.Question), body.Field("answer", patch.Answer),
            body.Field("position", patch.Position), body.Field("visibleToRoles", patch.VisibleToRoles), body.Field("visibleToKinds", patch.VisibleToKinds));
    }
}

public sealed partial record KnowledgeHit
{
    public static KnowledgeHit From(KnowledgeHitDto h) => new(h.Kind, h.Id, h.SectionId, h.Title, h.Snippet, h.Rank, h.Fuzzy);
}

public sealed partial record KnowledgeSearchResult
{
    public static KnowledgeSearchResult From(IReadOnlyList<KnowledgeHitDto> hits) => new(hits.Select(KnowledgeHit.From).ToList());
}
