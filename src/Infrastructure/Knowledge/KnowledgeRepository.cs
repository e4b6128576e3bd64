using System.Net;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Knowledge;
using MakCrm.Domain.Common;
using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Knowledge;

/// <summary>
/// The knowledge base in PostgreSQL. Readers other than authors see published articles (and FAQ entries) whose role
/// list is empty or names one of their roles and whose kind list is empty or names their organization's kind; the
/// search applies the same rule inside its statement.
/// </summary>
internal sealed class KnowledgeRepository(MakCrmDbContext db, NpgsqlDataSource dataSource, OrganizationKinds kinds)
    : IKnowledgeRepository
{
    public void Add(KnowledgeSection section) => db.Set<KnowledgeSection>().Add(section);

    public void Add(Article article) => db.Set<Article>().Add(article);

    public void Add(ArticleVersion version) => db.Set<ArticleVersion>().Add(version);

    public void Add(FaqEntry entry) => db.Set<FaqEntry>().Add(entry);

    public async Task<IReadOnlyList<SectionDto>> ListSectionsAsync(CancellationToken cancellationToken) =>
        (
            await db.Set<KnowledgeSection>()
                .AsNoTracking()
                .OrderBy(s => s.Position)
                .ThenBy(s => s.Title)
                .ThenBy(s => s.Id)
                .ToListAsync(cancellationToken)
        )
            .Select(SectionDto.From)
            .ToList();

    public Task<KnowledgeSection?> FindSectionAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<KnowledgeSection>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    // The shared lock keeps the section from being deleted before the content filed in it commits.
    public Task<bool> SectionExistsAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<KnowledgeSection>()
            .FromSql($"SELECT * FROM knowledge_sections WHERE id = {id} FOR SHARE")
            .AnyAsync(cancellationToken);

    public Task<KnowledgeSection?> FindSectionForDeleteAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<KnowledgeSection>()
            .FromSql($"SELECT * FROM knowledge_sections WHERE id = {id} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<bool> SectionHasContentAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Article>().AnyAsync(a => a.SectionId == id, cancellationToken)
        || await db.Set<FaqEntry>().AnyAsync(f => f.SectionId == id, cancellationToken);

    public Task<Article?> FindArticleAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Article>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<Contracts.Article?> GetArticleAsync(
        Guid id,
        KnowledgeReader reader,
        CancellationToken cancellationToken
    ) =>
        await (await ReadableArticles(reader, cancellationToken))
            .AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            is { } article
            ? Contracts.Article.From(article)
            : null;

    public async Task<IReadOnlyList<Contracts.Article>> ListArticlesAsync(
        KnowledgeReader reader,
        ArticleFilter filter,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var articles = (await ReadableArticles(reader, cancellationToken)).AsNoTracking();
        if (filter.SectionId is { } section)
        {
            articles = articles.Where(a => a.SectionId == section);
        }

        if (filter.Tag is { } tag)
        {
            articles = articles.Where(a => a.Tags.Contains(tag));
        }

        if (filter.Status is { } status)
        {
            articles = articles.Where(a => a.Status == status);
        }

        return (await articles.Page(a => a.UpdatedAt, true, after, take).ToListAsync(cancellationToken))
            .Select(Contracts.Article.From)
            .ToList();
    }

    public async Task<IReadOnlyList<Contracts.ArticleVersion>> ListVersionsAsync(
        Guid articleId,
        CancellationToken cancellationToken
    ) =>
        (
            await db.Set<ArticleVersion>()
                .AsNoTracking()
                .Where(v => v.ArticleId == articleId && db.Set<Article>().Any(a => a.Id == articleId))
                .OrderBy(v => v.Number)
                .ToListAsync(cancellationToken)
        )
            .Select(v => Contracts.ArticleVersion.From(v, withBody: false))
            .ToList();

    public async Task<Contracts.ArticleVersion?> GetVersionAsync(
        Guid articleId,
        int number,
        CancellationToken cancellationToken
    ) =>
        await db.Set<ArticleVersion>()
            .AsNoTracking()
            .FirstOrDefaultAsync(
                v => v.ArticleId == articleId && v.Number == number && db.Set<Article>().Any(a => a.Id == articleId),
                cancellationToken
            )
            is { } version
            ? Contracts.ArticleVersion.From(version, withBody: true)
            : null;

    public Task<FaqEntry?> FindFaqAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<FaqEntry>().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Contracts.FaqEntry>> ListFaqAsync(
        KnowledgeReader reader,
        Guid? sectionId,
        CancellationToken cancellationToken
    )
    {
        var entries = (await ReadableFaq(reader, cancellationToken)).AsNoTracking();
        if (sectionId is { } section)
        {
            entries = entries.Where(f => f.SectionId == section);
        }

        var ordered =
            from f in entries
            join s in db.Set<KnowledgeSection>() on f.SectionId equals s.Id
            orderby s.Position, s.Title, s.Id, f.Position, f.CreatedAt, f.Id
            select f;
        return (await ordered.ToListAsync(cancellationToken)).Select(Contracts.FaqEntry.From).ToList();
    }

    public async Task<Contracts.FaqEntry?> GetFaqAsync(
        Guid id,
        KnowledgeReader reader,
        CancellationToken cancellationToken
    ) =>
        await (await ReadableFaq(reader, cancellationToken))
            .AsNoTracking()
            .FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
            is { } entry
            ? Contracts.FaqEntry.From(entry)
            : null;

    public async Task<IReadOnlyList<Contracts.KnowledgeHit>> SearchAsync(
        KnowledgeSearch search,
        KnowledgeReader reader,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await KnowledgeSearchSql.SearchAsync(connection, search, reader, cancellationToken);
    }

    private async Task<IQueryable<Article>> ReadableArticles(
        KnowledgeReader reader,
        CancellationToken cancellationToken
    )
    {
        if (reader.Author)
        {
            return db.Set<Article>();
        }

        var roles = reader.Roles.ToArray();
        var kind = await KindOf(reader, cancellationToken);
        return db.Set<Article>()
            .Where(a =>
                a.Status == ArticleStatus.Published
                && (a.VisibleToRoles.Count == 0 || a.VisibleToRoles.Any(r => roles.Contains(r)))
                && (a.VisibleToKinds.Count == 0 || a.VisibleToKinds.Contains(kind))
            );
    }

    private async Task<IQueryable<FaqEntry>> ReadableFaq(KnowledgeReader reader, CancellationToken cancellationToken)
    {
        if (reader.Author)
        {
            return db.Set<FaqEntry>();
        }

        var roles = reader.Roles.ToArray();
        var kind = await KindOf(reader, cancellationToken);
        return db.Set<FaqEntry>()
            .Where(f =>
                (f.VisibleToRoles.Count == 0 || f.VisibleToRoles.Any(r => roles.Contains(r)))
                && (f.VisibleToKinds.Count == 0 || f.VisibleToKinds.Contains(kind))
            );
    }

    private Task<string> KindOf(KnowledgeReader reader, CancellationToken cancellationToken) =>
        kinds.OfAsync(db, reader.OrganizationId, cancellationToken);
}

/// <summary>
/// The search statements. The text becomes a query with <c>websearch_to_tsquery('russian', …)</c> (operators and
/// quotes are words or phrase marks there, never syntax errors); matches are ranked with the title's weight above the
/// body's, and the page's texts returned with the stems the search matched on, from which
/// <see cref="KnowledgeSnippet"/> makes the highlighted snippets. Short queries that find too little are completed by
/// trigram word similarity on titles and questions (typos).
/// </summary>
internal static class KnowledgeSearchSql
{
    public const int MaxShortWords = 3;
    private const int MaxSearchWords = 20;
    private const int FallbackSnippetLength = 200;

    // D, C, B, A: a match in the title (A) counts five times one in the body (B).
    private const string Weights = "'{0.05, 0.1, 0.2, 1.0}'";

    private const string SimilarityThreshold = "SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)";

    private const string Visible = """
        (@author OR ({0}.visible_to_roles = '{{}}' OR {0}.visible_to_roles && @roles)
            AND ({0}.visible_to_kinds = '{{}}' OR {0}.visible_to_kinds @> ARRAY[(SELECT o.kind FROM organizations o
                WHERE o.id = @organization)]::text[]))
        """;

    private static readonly string ArticleVisible =
        $"a.deleted_at IS NULL AND (@author OR a.status = {EnumLiterals.Of(ArticleStatus.Published)}) AND "
        + string.Format(null, Visible, "a");

    private static readonly string Article = EnumLiterals.Of(KnowledgeHitKind.Article);
    private static readonly string Faq = EnumLiterals.Of(KnowledgeHitKind.Faq);
    private static readonly string FaqVisible = "f.deleted_at IS NULL AND " + string.Format(null, Visible, "f");
    private const string Filters = "(@section::uuid IS NULL OR {0}.section_id = @section)";

    // The query: the web-search form of the text, ORed (for a text without web-search syntax) with every word's stem
    // as a prefix, ANDed. The stems column is what the snippets mark (KnowledgeSnippet): each positive word's stem,
    // shortened as its prefix is when the prefixes are used.
    private static readonly string FullText = $"""
        WITH stems AS (
            SELECT DISTINCT CASE WHEN @prefixed AND length(x.stem) >= 6 THEN left(x.stem, length(x.stem) - 2) ELSE
                x.stem END AS stem
            FROM unnest(@words) AS w(word), LATERAL (SELECT (ts_lexize('russian_stem', w.word))[1] AS stem) x
            WHERE x.stem IS NOT NULL),
        q AS (
            SELECT websearch_to_tsquery('russian'::regconfig, @text)
                       || CASE WHEN @prefixed THEN coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(stem ||
                           ':*', ' & ')) FROM stems), ''::tsquery) ELSE ''::tsquery END AS query,
                   ARRAY(SELECT stem FROM stems) AS stems),
        hits AS (
            (SELECT {Article} AS kind, a.id, a.section_id, a.title, a.body AS text,
                    ts_rank({Weights}, a.search_vector, q.query) AS rank
            FROM knowledge_articles a, q
            WHERE a.search_vector @@ q.query AND {ArticleVisible} AND {string.Format(null, Filters, "a")}
              AND (@tag::text IS NULL OR a.tags @> ARRAY[@tag]::text[]))
            UNION ALL
            (SELECT {Faq}, f.id, f.section_id, f.question, f.answer, ts_rank({Weights}, f.search_vector, q.query)
            FROM knowledge_faq_entries f, q
            WHERE f.search_vector @@ q.query AND {FaqVisible} AND {string.Format(
            null,
            Filters,
            "f"
        )} AND @tag::text IS NULL)
            ORDER BY rank DESC, id
            LIMIT @limit)
        SELECT h.kind, h.id, h.section_id, h.title, h.text, h.rank::float8, q.stems
        FROM hits h, q
        ORDER BY h.rank DESC, h.id
        """;

    // Each branch takes its nearest titles (questions) from the GiST trigram index in order of word-similarity distance
    // (`<<->`, KNN) and stops at the limit; only then are the two merged and ordered with the id as tie-break.
    private static readonly string Similar = $"""
        SELECT kind, id, section_id, title, snippet, rank FROM (
            (SELECT {Article} AS kind, a.id, a.section_id, a.title, left(a.body, {FallbackSnippetLength}) AS snippet,
                    (1 - (@text <<-> a.title))::float8 AS rank
            FROM knowledge_articles a
            WHERE @text <% a.title AND {ArticleVisible} AND {string.Format(
            null,
            Filters,
            "a"
        )} AND (@tag::text IS NULL OR a.tags @> ARRAY[@tag]::text[])
            ORDER BY @text <<-> a.title
            LIMIT @limit)
            UNION ALL
            (SELECT {Faq}, f.id, f.section_id, f.question, left(f.answer, {FallbackSnippetLength}),
                    (1 - (@text <<-> f.question))::float8
            FROM knowledge_faq_entries f
            WHERE @text <% f.question AND {FaqVisible} AND {string.Format(null, Filters, "f")} AND @tag::text IS NULL
            ORDER BY @text <<-> f.question
            LIMIT @limit)) nearest
        ORDER BY rank DESC, id
        LIMIT @limit
        """;

    /// <summary>
    /// The search on an open connection: the full-text statement, then for a short query that found fewer than the
    /// limit the similarity statement, its new hits appended. The similarity statement follows the setting of its
    /// threshold in the same command: the two run as one implicit transaction, to which the setting is local.
    /// </summary>
    public static async Task<List<Contracts.KnowledgeHit>> SearchAsync(
        NpgsqlConnection connection,
        KnowledgeSearch search,
        KnowledgeReader reader,
        CancellationToken cancellationToken
    )
    {
        var hits = await ReadAsync(connection, FullText, search, reader, fuzzy: false, cancellationToken);
        if (hits.Count >= search.Limit || !IsShort(search.Text))
        {
            return hits;
        }

        var seen = hits.Select(h => h.Id).ToHashSet();
        var similar = await ReadAsync(connection, Similar, search, reader, fuzzy: true, cancellationToken);
        return [.. hits, .. similar.Where(h => !seen.Contains(h.Id)).Take(search.Limit - hits.Count)];
    }

    /// <summary>
    /// The words of the text that the search looks for (the positive ones: not a <c>-word</c>, not <c>or</c>), and
    /// whether
    /// their stems are also matched as prefixes. The Snowball stemmer cuts some forms of a word differently («кредит» →
    /// кред, «кредиты» → кредит), so each stem of six letters or more loses its last two and matches as a prefix
    /// (кред:*),
    /// ANDed, ORed with the web-search query. Only letters and digits reach the query text, so it cannot be malformed;
    /// a
    /// query that uses web-search syntax (quotes, <c>-word</c>, <c>or</c>) keeps its meaning and gets no prefixes.
    /// </summary>
    public static (string[] Words, bool Prefixed) SearchWords(string text)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var webSearch = text.Contains('"', StringComparison.Ordinal) || tokens.Any(t => t.StartsWith('-') || IsOr(t));
        var words = tokens
            .Where(t => !t.StartsWith('-') && !IsOr(t))
            .SelectMany(t => KnowledgeWords.Find(t).Select(m => m.Value.ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxSearchWords)
            .ToArray();
        return (words, !webSearch);
    }

    private static bool IsOr(string token) => token.Equals("or", StringComparison.OrdinalIgnoreCase);

    /// <summary>A query of a few words, where a typo is likely to make the full-text search miss.</summary>
    public static bool IsShort(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length is > 0 and <= MaxShortWords;

    private static async Task<List<Contracts.KnowledgeHit>> ReadAsync(
        NpgsqlConnection connection,
        string sql,
        KnowledgeSearch search,
        KnowledgeReader reader,
        bool fuzzy,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(fuzzy ? $"{SimilarityThreshold};\n{sql}" : sql, connection);
        command.Parameters.Add(new NpgsqlParameter("text", NpgsqlDbType.Text) { Value = search.Text });
        var (words, prefixed) = SearchWords(search.Text);
        command.Parameters.Add(new NpgsqlParameter("words", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = words });
        command.Parameters.Add(new NpgsqlParameter("prefixed", NpgsqlDbType.Boolean) { Value = prefixed });
        command.Parameters.Add(new NpgsqlParameter("author", NpgsqlDbType.Boolean) { Value = reader.Author });
        command.Parameters.Add(
            new NpgsqlParameter("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = reader.Roles.ToArray() }
        );
        command.Parameters.Add(
            new NpgsqlParameter("organization", NpgsqlDbType.Uuid) { Value = reader.OrganizationId }
        );
        command.Parameters.Add(
            new NpgsqlParameter("section", NpgsqlDbType.Uuid) { Value = (object?)search.SectionId ?? DBNull.Value }
        );
        command.Parameters.Add(
            new NpgsqlParameter("tag", NpgsqlDbType.Text) { Value = (object?)search.Tag ?? DBNull.Value }
        );
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = search.Limit });
        var hits = new List<Contracts.KnowledgeHit>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        if (fuzzy)
        {
            await rows.NextResultAsync(cancellationToken); // past the threshold's setting
        }

        while (await rows.ReadAsync(cancellationToken))
        {
            var kind = rows.GetString(0) == "faq" ? KnowledgeHitKind.Faq : KnowledgeHitKind.Article;
            var text = rows.GetString(4);
            var snippet = fuzzy
                ? Plain(text)
                : KnowledgeSnippet.Build(text, await rows.GetFieldValueAsync<string[]>(6, cancellationToken));
            hits.Add(
                new Contracts.KnowledgeHit(
                    kind,
                    rows.GetGuid(1),
                    rows.GetGuid(2),
                    rows.GetString(3),
                    snippet,
                    rows.GetDouble(5),
                    fuzzy
                )
            );
        }

        return hits;
    }

    private static string Plain(string text) =>
        WebUtility.HtmlEncode(text.Length >= FallbackSnippetLength ? text + " …" : text);
}
