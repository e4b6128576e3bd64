using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.Knowledge;

/// <summary>Searches the articles and FAQ entries the caller may read, best first (at most <c>limit</c> hits, no
/// paging).</summary>
public sealed record SearchKnowledgeQuery(string? Q, Guid? SectionId, string? Tag, int? Limit)
    : IQuery<IReadOnlyList<Contracts.KnowledgeHit>>;

internal sealed class SearchKnowledgeValidator : AbstractValidator<SearchKnowledgeQuery>
{
    public SearchKnowledgeValidator()
    {
        RuleFor(q => q.Q)
            .Must(q => !string.IsNullOrWhiteSpace(q))
            .WithMessage("Give the words to search for.")
            .MaximumLength(KnowledgeCatalog.MaxSearchLength)
            .WithMessage($"Must be at most {KnowledgeCatalog.MaxSearchLength} characters.")
            .OverridePropertyName("q");
        RuleFor(q => q.Tag).MaximumLength(Article.MaxTagLength).OverridePropertyName("tag");
        RuleFor(q => q.Limit).InclusiveBetween(1, KnowledgeCatalog.MaxSearchLimit).OverridePropertyName("limit");
    }
}

internal sealed class SearchKnowledgeHandler(IKnowledgeRepository knowledge, ICurrentActor actor)
    : IQueryHandler<SearchKnowledgeQuery, IReadOnlyList<Contracts.KnowledgeHit>>
{
    public async Task<Result<IReadOnlyList<Contracts.KnowledgeHit>>> Handle(
        SearchKnowledgeQuery query,
        CancellationToken cancellationToken
    )
    {
        var text = TextNormalizer.Collapse(
            KnowledgeText.Clean(query.Q!).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ')
        );
        var tag = query.Tag is null ? null : TextNormalizer.Collapse(query.Tag).ToLowerInvariant();
        var search = new KnowledgeSearch(
            text,
            query.SectionId,
            tag,
            query.Limit ?? KnowledgeCatalog.DefaultSearchLimit
        );
        return Result<IReadOnlyList<Contracts.KnowledgeHit>>.Success(
            await knowledge.SearchAsync(search, KnowledgeCatalog.ReaderOf(actor), cancellationToken)
        );
    }
}
