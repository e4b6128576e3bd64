using MakCrm.Domain.Clients;
using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.ToTable("clients");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.FullName).HasMaxLength(Client.MaxFullNameLength).IsRequired();
        builder.Property(c => c.Phone).HasMaxLength(16).IsRequired();
        builder.Property(c => c.Email).HasMaxLength(EmailAddress.MaxLength);
        builder.Property(c => c.City).HasMaxLength(Client.MaxCityLength);
        builder.Property(c => c.Source).HasMaxLength(ClientSource.MaxCodeLength).IsRequired();
        builder
            .HasOne<ClientSource>()
            .WithMany()
            .HasForeignKey(c => c.Source)
            .HasPrincipalKey(s => s.Code)
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .Property(c => c.ProcessingMethod)
            .HasConversion(new SnakeCaseEnumConverter<ProcessingMethod>())
            .HasMaxLength(32);
        builder.Property(c => c.Tags).HasColumnType("text[]").IsRequired();
        builder.Property(c => c.ConsentTextVersion).HasMaxLength(ClientConsent.MaxTextVersionLength);
        builder.ToTable(t =>
            t.HasCheckConstraint(
                "ck_clients_consent_complete",
                "(consent_given_at IS NULL) = (consent_text_version IS NULL) AND (consent_withdrawn_at IS NULL OR "
                    + "consent_given_at IS NOT NULL)"
            )
        );
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Details);
        builder.HasQueryFilter(c => c.DeletedAt == null);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(c => c.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .HasIndex(c => new
            {
                c.OrganizationId,
                c.CreatedAt,
                c.Id,
            })
            .HasFilter("deleted_at IS NULL");

        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(c => new { c.UpdatedAt, c.Id }).HasFilter("deleted_at IS NULL");
        // An organization's catch-up (updatedFrom, sort=updatedAt) reads its changed clients in keyset order.
        builder
            .HasIndex(c => new
            {
                c.OrganizationId,
                c.UpdatedAt,
                c.Id,
            })
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(c => new { c.FullName, c.Id }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(c => c.Phone);
        builder.HasIndex(c => c.Email);
        builder.HasIndex(c => c.FullName, "ix_clients_full_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(c => c.Email, "ix_clients_email_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(c => c.Tags).HasMethod("gin");
        builder.HasIndex(c => new { c.Source, c.ProcessingMethod }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(c => c.Phone, "ix_clients_phone_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        IntegrationColumns.Configure(builder);
        CustomFieldColumns.Configure(builder);
    }
}
