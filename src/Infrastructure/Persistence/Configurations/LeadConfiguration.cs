using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("leads");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.RequestedAmount).HasPrecision(14, 2);
        builder.Property(l => l.Product).HasConversion(new SnakeCaseEnumConverter<LoanProduct>()).HasMaxLength(32);
        builder.Property(l => l.Status).HasMaxLength(LeadStatus.MaxCodeLength);
        builder
            .HasOne<LeadStatus>()
            .WithMany()
            .HasForeignKey(l => l.Status)
            .HasPrincipalKey(s => s.Code)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(l => l.History).WithOne().HasForeignKey(h => h.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(l => l.History).HasField("_history");
        builder.Property(l => l.Comment).HasMaxLength(Lead.MaxCommentLength);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.Details);
        builder.HasQueryFilter(l => l.DeletedAt == null);
        builder.HasOne<Client>().WithMany().HasForeignKey(l => l.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(l => l.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .HasIndex(l => new
            {
                l.OrganizationId,
                l.CreatedAt,
                l.Id,
            })
            .HasFilter("deleted_at IS NULL");

        builder.HasIndex(l => new { l.CreatedAt, l.Id }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(l => new { l.UpdatedAt, l.Id }).HasFilter("deleted_at IS NULL");
        // An organization's catch-up (updatedFrom, sort=updatedAt) reads its changed leads in keyset order.
        builder
            .HasIndex(l => new
            {
                l.OrganizationId,
                l.UpdatedAt,
                l.Id,
            })
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(l => new { l.RequestedAmount, l.Id }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(l => l.ClientId);
        builder.HasIndex(l => l.Status);
        builder.HasIndex(l => l.ResponsibleUserId);
        builder.HasOne<Lead>().WithMany().HasForeignKey(l => l.DuplicateOfLeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.DuplicateOfLeadId);
        builder.HasIndex(l => l.Comment, "ix_leads_comment_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Property(l => l.ConsentTextVersion).HasMaxLength(ClientConsent.MaxTextVersionLength);
        builder.ToTable(t =>
            t.HasCheckConstraint(
                "ck_leads_consent_complete",
                "(consent_given_at IS NULL) = (consent_text_version IS NULL)"
            )
        );
        builder.Ignore(l => l.Consent);
        builder.Ignore(l => l.Integration);
        IntegrationColumns.Configure(builder);
        CustomFieldColumns.Configure(builder);
    }
}
