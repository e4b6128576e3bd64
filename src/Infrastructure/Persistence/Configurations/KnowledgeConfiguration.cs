using MakCrm.Domain.Knowledge;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class KnowledgeSectionConfiguration : IEntityTypeConfiguration<KnowledgeSection>
{
    public void Configure(EntityTypeBuilder<KnowledgeSection> builder)
    {
        builder.ToTable("knowledge_sections");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(KnowledgeSection.MaxTitleLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasQueryFilter(s => s.DeletedAt == null);
    }
}

/// <summary>
/// Articles with a stored generated <c>search_vector</c> (Russian configuration; the title weighted A over the body B)
/// under a GIN index, and a trigram index on the title for typo-tolerant search.
/// </summary>
internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public const string SearchVector = "SearchVector";

    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("knowledge_articles");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Title).HasMaxLength(Article.MaxTitleLength);
        builder.Property(a => a.Body).IsRequired();
        builder.Property(a => a.BodyHtml).IsRequired();
        builder.Property(a => a.Tags).HasColumnType("text[]").IsRequired();
        builder.Property(a => a.Status).HasConversion(new SnakeCaseEnumConverter<ArticleStatus>()).HasMaxLength(16);
        builder.Property(a => a.VisibleToRoles).HasColumnType("text[]").IsRequired();
        builder.Property(a => a.VisibleToKinds).HasColumnType("text[]").IsRequired();
        builder.Property(a => a.AttachmentIds).HasColumnType("uuid[]").IsRequired();
        builder.Property(a => a.VideoUrl).HasMaxLength(Article.MaxVideoUrlLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.Visibility);
        builder
            .Property<NpgsqlTsVector>(SearchVector)
            .HasComputedColumnSql(
                "setweight(to_tsvector('russian'::regconfig, coalesce(title, '')), 'A') || "
                    + "setweight(to_tsvector('russian'::regconfig, coalesce(body, '')), 'B')",
                stored: true
            );
        builder.HasIndex(SearchVector).HasMethod("gin");
        // GiST, not GIN: the typo search takes the titles nearest by word similarity from the index in distance order
        // (KNN), instead of computing the similarity of every title that shares trigrams with the query.
        builder
            .HasIndex(a => a.Title, "ix_knowledge_articles_title_trgm")
            .HasMethod("gist")
            .HasOperators("gist_trgm_ops");
        builder.HasIndex(a => a.Tags).HasMethod("gin");
        builder.HasIndex(a => new { a.SectionId, a.UpdatedAt });
        builder.HasOne<KnowledgeSection>().WithMany().HasForeignKey(a => a.SectionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(a => a.DeletedAt == null);
    }
}

internal sealed class ArticleVersionConfiguration : IEntityTypeConfiguration<ArticleVersion>
{
    public void Configure(EntityTypeBuilder<ArticleVersion> builder)
    {
        builder.ToTable("knowledge_article_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Title).HasMaxLength(Article.MaxTitleLength);
        builder.Property(v => v.Body).IsRequired();
        builder.Property(v => v.ChangedFields).HasColumnType("text[]").IsRequired();
        builder.Property(v => v.ChangedByClientId).HasMaxLength(100);
        builder.HasIndex(v => new { v.ArticleId, v.Number }).IsUnique();
        builder.HasOne<Article>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>FAQ entries, searched like articles (the question weighted A over the answer B).</summary>
internal sealed class FaqEntryConfiguration : IEntityTypeConfiguration<FaqEntry>
{
    public void Configure(EntityTypeBuilder<FaqEntry> builder)
    {
        builder.ToTable("knowledge_faq_entries");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Question).HasMaxLength(FaqEntry.MaxQuestionLength);
        builder.Property(f => f.Answer).IsRequired();
        builder.Property(f => f.AnswerHtml).IsRequired();
        builder.Property(f => f.VisibleToRoles).HasColumnType("text[]").IsRequired();
        builder.Property(f => f.VisibleToKinds).HasColumnType("text[]").IsRequired();
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.Ignore(f => f.Visibility);
        builder
            .Property<NpgsqlTsVector>(ArticleConfiguration.SearchVector)
            .HasComputedColumnSql(
                "setweight(to_tsvector('russian'::regconfig, coalesce(question, '')), 'A') || "
                    + "setweight(to_tsvector('russian'::regconfig, coalesce(answer, '')), 'B')",
                stored: true
            );
        builder.HasIndex(ArticleConfiguration.SearchVector).HasMethod("gin");
        builder
            .HasIndex(f => f.Question, "ix_knowledge_faq_entries_question_trgm")
            .HasMethod("gist")
            .HasOperators("gist_trgm_ops");
        builder.HasIndex(f => new { f.SectionId, f.Position });
        builder.HasOne<KnowledgeSection>().WithMany().HasForeignKey(f => f.SectionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(f => f.DeletedAt == null);
    }
}
