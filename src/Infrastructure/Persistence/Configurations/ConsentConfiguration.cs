using MakCrm.Domain.Clients;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder)
    {
        builder.ToTable("consents");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Purpose).HasConversion(new SnakeCaseEnumConverter<ConsentPurpose>()).HasMaxLength(40);
        builder.Property(c => c.Source).HasConversion(new SnakeCaseEnumConverter<ConsentSource>()).HasMaxLength(20);
        builder
            .Property(c => c.WithdrawalSource)
            .HasConversion(new SnakeCaseEnumConverter<ConsentSource>())
            .HasMaxLength(20);
        builder.Property(c => c.TextVersion).HasMaxLength(Consent.MaxTextVersionLength).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(c => c.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(c => c.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Document>()
            .WithMany()
            .HasForeignKey(c => c.WithdrawalDocumentId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.ClientId, c.Purpose });
        builder.HasIndex(c => new
        {
            c.OrganizationId,
            c.GivenAt,
            c.Id,
        });
        builder.HasIndex(c => new { c.GivenAt, c.Id });
    }
}
