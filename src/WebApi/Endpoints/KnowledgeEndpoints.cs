using MakCrm.Application.Documents;
using MakCrm.Application.Knowledge;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Knowledge;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The knowledge base: sections, articles and their versions, the FAQ, and the search.</summary>
internal sealed class KnowledgeEndpoints : IEndpointGroup
{
    private const string Root = "/api/v1/knowledge";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root);
        group.MapGet("/sections", ListSections).WithName("listKnowledgeSections");
        group.MapPost("/sections", CreateSection).WithName("createKnowledgeSection");
        group.MapPatch("/sections/{id:guid}", UpdateSection).WithName("updateKnowledgeSection");
        group.MapDelete("/sections/{id:guid}", DeleteSection).WithName("deleteKnowledgeSection");

        group.MapGet("/articles", ListArticles).WithName("listArticles");
        group.MapPost("/articles", CreateArticle).WithName("createArticle");
        group.MapGet("/articles/{id:guid}", GetArticle).WithName("getArticle");
        group
            .MapGet("/articles/{id:guid}/attachments/{documentId:guid}/content", DownloadAttachment)
            .WithName("downloadArticleAttachment")
            .Produces(200, typeof(Stream), "application/octet-stream", [.. ContentSniffer.All]);
        group.MapPatch("/articles/{id:guid}", UpdateArticle).WithName("updateArticle");
        group.MapGet("/articles/{id:guid}/versions", ListVersions).WithName("listArticleVersions");
        group.MapGet("/articles/{id:guid}/versions/{number:int}", GetVersion).WithName("getArticleVersion");

        group.MapGet("/faq", ListFaq).WithName("listFaqEntries");
        group.MapPost("/faq", CreateFaq).WithName("createFaqEntry");
        group.MapGet("/faq/{id:guid}", GetFaq).WithName("getFaqEntry");
        group.MapPatch("/faq/{id:guid}", UpdateFaq).WithName("updateFaqEntry");
        group.MapDelete("/faq/{id:guid}", DeleteFaq).WithName("deleteFaqEntry");

        group.MapGet("/search", Search).WithName("searchKnowledge");
    }

    private static async Task<Results<JsonOk<KnowledgeSectionList>, ProblemHttpResult>> ListSections(
        IQueryHandler<ListKnowledgeSectionsQuery, IReadOnlyList<SectionDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListKnowledgeSectionsQuery(), cancellationToken),
            KnowledgeSectionList.From
        );

    private static async Task<Results<JsonCreated<Contracts.KnowledgeSection>, ProblemHttpResult>> CreateSection(
        HttpContext http,
        ICommandHandler<CreateSectionCommand, SectionDto> handler,
        Body<CreateKnowledgeSectionRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            Root + "/sections",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Contracts.KnowledgeSection.From
        );

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAttachment(
        Guid id,
        Guid documentId,
        IQueryHandler<DownloadArticleAttachmentQuery, MakCrm.Application.Documents.DocumentContent> handler,
        CancellationToken cancellationToken
    ) => Respond.File(await handler.Handle(new DownloadArticleAttachmentQuery(id, documentId), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSection(
        Guid id,
        ICommandHandler<DeleteSectionCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteSectionCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.KnowledgeSection>, ProblemHttpResult>> UpdateSection(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateSectionCommand, SectionDto> handler,
        Body<UpdateKnowledgeSectionRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateKnowledgeSectionRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Contracts.KnowledgeSection.From
        );

    private static async Task<Results<JsonOk<ArticlePage>, ProblemHttpResult>> ListArticles(
        IQueryHandler<ListArticlesQuery, Page<Contracts.Article>> handler,
        [AsParameters] ListArticlesParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListArticlesQuery(query.SectionId, query.Tag, query.Status?.Value, query.Cursor, query.Limit),
                cancellationToken
            ),
            ArticlePage.From
        );
    }

    private static async Task<Results<JsonCreated<Contracts.Article>, ProblemHttpResult>> CreateArticle(
        HttpContext http,
        ICommandHandler<CreateArticleCommand, Contracts.Article> handler,
        Body<CreateArticleRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            Root + "/articles",
            await handler.Handle(body.Value.ToCommand(), cancellationToken)
        );

    private static async Task<Results<JsonOk<Contracts.Article>, ProblemHttpResult>> GetArticle(
        Guid id,
        HttpContext http,
        IQueryHandler<GetArticleQuery, Contracts.Article> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(http.Response, await handler.Handle(new GetArticleQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Article>, ProblemHttpResult>> UpdateArticle(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateArticleCommand, Contracts.Article> handler,
        Body<UpdateArticleRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateArticleRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<ArticleVersionList>, ProblemHttpResult>> ListVersions(
        Guid id,
        IQueryHandler<ListArticleVersionsQuery, IReadOnlyList<Contracts.ArticleVersion>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListArticleVersionsQuery(id), cancellationToken),
            ArticleVersionList.From
        );

    private static async Task<Results<JsonOk<Contracts.ArticleVersion>, ProblemHttpResult>> GetVersion(
        Guid id,
        int number,
        IQueryHandler<GetArticleVersionQuery, Contracts.ArticleVersion> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetArticleVersionQuery(id, number), cancellationToken));

    private static async Task<Results<JsonOk<FaqEntryList>, ProblemHttpResult>> ListFaq(
        IQueryHandler<ListFaqQuery, IReadOnlyList<Contracts.FaqEntry>> handler,
        [AsParameters] ListFaqEntriesParameters query,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListFaqQuery(query.SectionId), cancellationToken), FaqEntryList.From);

    private static async Task<Results<JsonCreated<Contracts.FaqEntry>, ProblemHttpResult>> CreateFaq(
        HttpContext http,
        ICommandHandler<CreateFaqEntryCommand, Contracts.FaqEntry> handler,
        Body<CreateFaqEntryRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Root + "/faq", await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.FaqEntry>, ProblemHttpResult>> GetFaq(
        Guid id,
        HttpContext http,
        IQueryHandler<GetFaqEntryQuery, Contracts.FaqEntry> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(http.Response, await handler.Handle(new GetFaqEntryQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.FaqEntry>, ProblemHttpResult>> UpdateFaq(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateFaqEntryCommand, Contracts.FaqEntry> handler,
        Body<UpdateFaqEntryRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateFaqEntryRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            )
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFaq(
        Guid id,
        ICommandHandler<DeleteFaqEntryCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteFaqEntryCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<KnowledgeSearchResult>, ProblemHttpResult>> Search(
        IQueryHandler<SearchKnowledgeQuery, IReadOnlyList<Contracts.KnowledgeHit>> handler,
        [AsParameters] SearchKnowledgeParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new SearchKnowledgeQuery(query.Q, query.SectionId, query.Tag, query.Limit),
                cancellationToken
            ),
            KnowledgeSearchResult.From
        );
}
