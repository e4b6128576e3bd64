using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Kind).HasConversion(new SnakeCaseEnumConverter<OrganizationKind>()).HasMaxLength(32);
        builder.Property(o => o.LegalForm).HasConversion(new SnakeCaseEnumConverter<LegalForm>()).HasMaxLength(32);
        builder.Property(o => o.Status).HasConversion(new SnakeCaseEnumConverter<OrganizationStatus>()).HasMaxLength(32);
        builder.Property(o => o.Name).HasMaxLength(200).IsRequired();
        builder.Property(o => o.Inn).HasMaxLength(12);
        builder.Property(o => o.City).HasMaxLength(100);
        builder.Property(o => o.Niche).HasMaxLength(200);
        builder.Property(o => o.ContactPhone).HasMaxLength(16);
        builder.Property(o => o.ContactEmail).HasMaxLength(254);
        builder.Property(o => o.RejectionReason).HasMaxLength(1000);
        builder.Property(o => o.Grade).HasMaxLength(Organization.MaxGradeLength);
        builder.HasIndex(o => new { o.Status, o.CreatedAt });
        builder.HasIndex(o => o.OwnerUserId);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.IsHeadOffice);
        builder.HasQueryFilter(o => o.DeletedAt == null);

        var created = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        builder.HasData(new
        {
            Id = Organization.HeadOfficeId,
            Kind = OrganizationKind.HeadOffice,
            Name = "MaK, головной офис",
            Status = OrganizationStatus.Active,
            CreatedAt = created,
            UpdatedAt = created,
            Version = 1,
        });
    }
}
