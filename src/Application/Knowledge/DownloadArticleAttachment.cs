using MakCrm.Application.Abstractions.Storage;
using MakCrm.Application.Documents;

namespace MakCrm.Application.Knowledge;

/// <summary>
/// A file an article names (an attachment or its uploaded video), for anyone who may read the article. The files are
/// head office's documents, which a partner's or franchisee's document scope does not reach: the article grants the
/// reading, so only the files it names are served, and only while the caller may read it.
/// </summary>
public sealed record DownloadArticleAttachmentQuery(Guid ArticleId, Guid DocumentId) : IQuery<DocumentContent>;

internal sealed class DownloadArticleAttachmentHandler(
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    IDocumentStorage storage,
    ICurrentActor actor
) : IQueryHandler<DownloadArticleAttachmentQuery, DocumentContent>
{
    public async Task<Result<DocumentContent>> Handle(
        DownloadArticleAttachmentQuery query,
        CancellationToken cancellationToken
    )
    {
        if (
            await knowledge.GetArticleAsync(query.ArticleId, KnowledgeCatalog.ReaderOf(actor), cancellationToken)
            is not { } article
        )
        {
            return KnowledgeCatalog.ArticleNotFound(query.ArticleId);
        }

        if (!article.AttachmentIds.Contains(query.DocumentId) && article.VideoDocumentId != query.DocumentId)
        {
            return DocumentCatalog.NotFound(query.DocumentId);
        }

        if (
            await documents.GetAsync(query.DocumentId, DataScope.All, cancellationToken) is not { } document
            || await storage.OpenReadAsync(document.StorageKey, cancellationToken) is not { } content
        )
        {
            return DocumentCatalog.NotFound(query.DocumentId);
        }

        return new DocumentContent(document, content);
    }
}
