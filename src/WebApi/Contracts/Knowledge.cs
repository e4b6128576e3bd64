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

public sealed partial record ArticlePage
{
    public static ArticlePage From(Page<ArticleDto> page) => new(page.Items, page.NextCursor);
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

public sealed partial record ArticleVersionList
{
    public static ArticleVersionList From(IReadOnlyList<ArticleVersionDto> versions) => new(versions);
}

public sealed partial record FaqEntryList
{
    public static FaqEntryList From(IReadOnlyList<FaqEntryDto> entries) => new(entries);
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

public sealed partial record KnowledgeSearchResult
{
    public static KnowledgeSearchResult From(IReadOnlyList<KnowledgeHitDto> hits) => new(hits);
}
