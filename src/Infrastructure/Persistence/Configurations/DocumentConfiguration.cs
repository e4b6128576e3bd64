using MakCrm.Domain.Documents;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion(new SnakeCaseEnumConverter<DocumentKind>()).HasMaxLength(32);
        builder.Property(d => d.Origin).HasConversion(new SnakeCaseEnumConverter<DocumentOrigin>()).HasMaxLength(16);
        builder
            .Property(d => d.SubjectType)
            .HasConversion(new SnakeCaseEnumConverter<Domain.Tasks.TaskSubjectType>())
            .HasMaxLength(16);
        builder.Ignore(d => d.Subject);
        builder.Property(d => d.FileName).HasMaxLength(Document.MaxFileNameLength);
        builder.Property(d => d.ContentType).HasMaxLength(128);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(d => d.StorageKey).HasMaxLength(200);
        builder.Property(d => d.TemplateName).HasMaxLength(100);
        builder.Property(d => d.TemplateInput).HasColumnType("jsonb");
        builder.Property(d => d.CreatedByClientId).HasMaxLength(100);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.Generated);
        builder
            .HasOne<Domain.Organizations.Organization>()
            .WithMany()
            .HasForeignKey(d => d.OrganizationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.OrganizationId, d.CreatedAt });
        builder.HasIndex(d => d.StorageKey).IsUnique();
        // A client's, lead's or deal's documents, newest first.
        builder
            .HasIndex(d => new { d.SubjectId, d.CreatedAt })
            .HasFilter("subject_id IS NOT NULL")
            .IsCreatedConcurrently();
        builder.ToTable(t =>
            t.HasCheckConstraint(
                "ck_documents_subject",
                "(subject_type IS NULL) = (subject_id IS NULL)"
            )
        );
        // The list's q: ILIKE '%…%' on the file name.
        builder.HasIndex(d => d.FileName, "ix_documents_file_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasQueryFilter(d => d.DeletedAt == null);
    }
}
