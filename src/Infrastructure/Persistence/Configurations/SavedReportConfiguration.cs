using MakCrm.Domain.Reports;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class SavedReportConfiguration : IEntityTypeConfiguration<SavedReport>
{
    public void Configure(EntityTypeBuilder<SavedReport> builder)
    {
        builder.ToTable("saved_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(SavedReport.MaxNameLength);
        builder.Property(r => r.Definition).HasColumnType("jsonb");
        builder.Property(r => r.OwnerClientId).HasMaxLength(100);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder
            .HasOne<Domain.Organizations.Organization>()
            .WithMany()
            .HasForeignKey(r => r.OrganizationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.OwnerUserId, r.CreatedAt });
        builder.HasIndex(r => new { r.OrganizationId, r.CreatedAt });
        builder.HasQueryFilter(r => r.DeletedAt == null);
    }
}
