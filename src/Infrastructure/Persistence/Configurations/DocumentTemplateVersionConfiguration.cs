using MakCrm.Domain.Documents;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class DocumentTemplateVersionConfiguration : IEntityTypeConfiguration<DocumentTemplateVersion>
{
    public void Configure(EntityTypeBuilder<DocumentTemplateVersion> builder)
    {
        builder.ToTable(
            "document_template_versions",
            t => t.HasCheckConstraint("ck_document_template_versions_number", "number > 1")
        );
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Body).HasMaxLength(DocumentTemplateVersion.MaxBodyLength).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(DocumentTemplateVersion.MaxNoteLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // One row per template and number: two versions stored at once cannot take the same number.
        builder.HasIndex(e => new { e.Name, e.Number }).IsUnique();
    }
}
