using MakCrm.Application.Knowledge;
using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The knowledge base's sections, articles, their versions and FAQ entries, as a reader may see
/// them.</summary>
public interface IKnowledgeRepository
{
    void Add(KnowledgeSection section);

    void Add(Article article);

    void Add(ArticleVersion version);

    void Add(FaqEntry entry);

    Task<IReadOnlyList<SectionDto>> ListSectionsAsync(CancellationToken cancellationToken);

    Task<KnowledgeSection?> FindSectionAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> SectionExistsAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// The section, locked for the rest of the transaction against content being filed in it
    /// (<see cref="SectionExistsAsync"/> takes the shared lock), or null.
    /// </summary>
    Task<KnowledgeSection?> FindSectionForDeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether any article (a draft too) or FAQ entry is filed in the section.</summary>
    Task<bool> SectionHasContentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>An article to change (authors only reach it).</summary>
    Task<Article?> FindArticleAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>An article the reader may read: any for an author, else published and visible to its role and
    /// kind.</summary>
    Task<Contracts.Article?> GetArticleAsync(Guid id, KnowledgeReader reader, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contracts.Article>> ListArticlesAsync(
        KnowledgeReader reader,
        ArticleFilter filter,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    Task<IReadOnlyList<Contracts.ArticleVersion>> ListVersionsAsync(
        Guid articleId,
        CancellationToken cancellationToken
    );

    Task<Contracts.ArticleVersion?> GetVersionAsync(Guid articleId, int number, CancellationToken cancellationToken);

    Task<FaqEntry?> FindFaqAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The FAQ entries the reader may read, by section position, then entry position.</summary>
    Task<IReadOnlyList<Contracts.FaqEntry>> ListFaqAsync(
        KnowledgeReader reader,
        Guid? sectionId,
        CancellationToken cancellationToken
    );

    Task<Contracts.FaqEntry?> GetFaqAsync(Guid id, KnowledgeReader reader, CancellationToken cancellationToken);

    /// <summary>The best matches of a search the reader may see, visibility applied in the same statement.</summary>
    Task<IReadOnlyList<Contracts.KnowledgeHit>> SearchAsync(
        KnowledgeSearch search,
        KnowledgeReader reader,
        CancellationToken cancellationToken
    );
}

/// <summary>Renders Markdown to HTML that is safe to show: raw HTML escaped, links and images only to allowed
/// schemes.</summary>
public interface IMarkdownRenderer
{
    string ToSafeHtml(string markdown);
}
