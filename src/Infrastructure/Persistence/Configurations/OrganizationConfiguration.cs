using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Organizations;
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
        builder
            .Property(o => o.Status)
            .HasConversion(new SnakeCaseEnumConverter<OrganizationStatus>())
            .HasMaxLength(32);
        builder.Property(o => o.Name).HasMaxLength(200).IsRequired();
        builder.Property(o => o.Inn).HasMaxLength(12);
        builder.Property(o => o.City).HasMaxLength(100);
        builder.Property(o => o.Niche).HasMaxLength(200);
        builder.Property(o => o.ContactPhone).HasMaxLength(16);
        builder.Property(o => o.ContactEmail).HasMaxLength(254);
        builder.Property(o => o.RejectionReason).HasMaxLength(1000);
        builder.Property(o => o.Grade).HasMaxLength(Organization.MaxGradeLength);

        // The profile is columns of the organization, not a jsonb document: the audit interceptor records each changed
        // column with its value before and after, search filters on the ИНН and the city, and every field is typed and
        // length-limited by the database as well.
        builder.Property(o => o.LegalName).HasMaxLength(OrganizationProfile.MaxLegalNameLength);
        builder.Property(o => o.Kpp).HasMaxLength(9);
        builder.Property(o => o.Ogrn).HasMaxLength(15);
        builder.Property(o => o.LegalAddress).HasMaxLength(OrganizationProfile.MaxAddressLength);
        builder.Property(o => o.PostalAddress).HasMaxLength(OrganizationProfile.MaxAddressLength);
        builder.Property(o => o.BankName).HasMaxLength(OrganizationProfile.MaxBankNameLength);
        builder.Property(o => o.Bik).HasMaxLength(9);
        builder.Property(o => o.CorrespondentAccount).HasMaxLength(BankAccount.Length);
        builder.Property(o => o.SettlementAccount).HasMaxLength(BankAccount.Length);
        builder.Property(o => o.SignatoryName).HasMaxLength(OrganizationProfile.MaxSignatoryLength);
        builder.Property(o => o.SignatoryPosition).HasMaxLength(OrganizationProfile.MaxSignatoryLength);
        builder.Property(o => o.SignatoryBasis).HasMaxLength(OrganizationProfile.MaxSignatoryLength);
        builder.Property(o => o.TaxRegime).HasConversion(new SnakeCaseEnumConverter<TaxRegime>()).HasMaxLength(32);
        builder.Property(o => o.Website).HasMaxLength(OrganizationProfile.MaxUrlLength);
        builder.Property(o => o.LogoUrl).HasMaxLength(OrganizationProfile.MaxUrlLength);
        builder
            .Property(o => o.RegistrationCheckOutcome)
            .HasConversion(new SnakeCaseEnumConverter<BorrowerCheckOutcome>())
            .HasMaxLength(32);
        builder
            .Property(o => o.RegistrationCheckReason)
            .HasConversion(new SnakeCaseEnumConverter<BorrowerCheckUnavailableReason>())
            .HasMaxLength(32);
        builder.Property(o => o.RegistrationCheckDetail).HasMaxLength(BorrowerCheck.MaxDetailLength);
        builder.Ignore(o => o.RegistrationCheck);
        builder.Ignore(o => o.Profile);
        builder.Ignore(o => o.IsInTrash);
        builder.HasIndex(o => o.Inn);

        builder.HasIndex(o => new { o.Status, o.CreatedAt });
        builder.HasIndex(o => o.OwnerUserId);
        // Purging a referrer leaves the organizations it recruited without one; their accruals stay in the ledger.
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(o => o.ReferrerOrganizationId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(o => o.ReferrerOrganizationId).HasFilter("referrer_organization_id IS NOT NULL");
        builder.Property(o => o.ReferralCode).HasMaxLength(ReferralCode.MaxInputLength);
        builder.HasIndex(o => o.ReferralCode).IsUnique().HasFilter("referral_code IS NOT NULL");
        builder.Property(o => o.ReferrerCorrectionReason).HasMaxLength(Organization.MaxReferrerReasonLength);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.IsHeadOffice);
        builder.HasQueryFilter(o => o.DeletedAt == null);
        builder.HasIndex(o => o.DeletedAt).HasFilter("deleted_at IS NOT NULL");

        var created = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        builder.HasData(
            new
            {
                Id = Organization.HeadOfficeId,
                Kind = OrganizationKind.HeadOffice,
                Name = "MaK, головной офис",
                Status = OrganizationStatus.Active,
                CreatedAt = created,
                UpdatedAt = created,
                Version = 1,
            }
        );
    }
}

internal sealed class OrganizationHostConfiguration : IEntityTypeConfiguration<OrganizationHost>
{
    public void Configure(EntityTypeBuilder<OrganizationHost> builder)
    {
        builder.ToTable("organization_hosts");

        // The host is the key: one organization per host, whoever claims it first (the database decides a race).
        builder.HasKey(h => h.Host);
        builder.Property(h => h.Host).HasMaxLength(HostName.MaxLength);
        builder.HasOne<Organization>().WithMany().HasForeignKey(h => h.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => h.OrganizationId);
    }
}
