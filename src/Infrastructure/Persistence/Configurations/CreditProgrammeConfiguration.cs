using MakCrm.Domain.Banks;
using MakCrm.Domain.CreditProgrammes;
using MakCrm.Domain.Leads;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class CreditProgrammeConfiguration : IEntityTypeConfiguration<CreditProgramme>
{
    public void Configure(EntityTypeBuilder<CreditProgramme> builder)
    {
        // The limits' order is the validator's rule, kept by the table too so that no write path can break it.
        builder.ToTable(
            "credit_programmes",
            table =>
            {
                table.HasCheckConstraint("ck_credit_programmes_rates", "rate_min > 0 AND rate_min <= rate_max");
                table.HasCheckConstraint(
                    "ck_credit_programmes_limits",
                    "(amount_min IS NULL OR amount_max IS NULL OR amount_min <= amount_max)"
                        + " AND (term_min_months IS NULL OR term_max_months IS NULL"
                        + " OR term_min_months <= term_max_months)"
                        + " AND (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)"
                );
                table.HasCheckConstraint(
                    "ck_credit_programmes_effective",
                    "effective_to IS NULL OR effective_from <= effective_to"
                );
            }
        );
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.BankCode).HasMaxLength(Bank.MaxCodeLength).IsRequired();
        builder.Property(p => p.Name).HasMaxLength(CreditProgramme.MaxNameLength).IsRequired();
        builder.Property(p => p.Product).HasConversion(new SnakeCaseEnumConverter<LoanProduct>()).HasMaxLength(32);
        builder.Property(p => p.RateMin).HasPrecision(6, 3);
        builder.Property(p => p.RateMax).HasPrecision(6, 3);
        builder.Property(p => p.AmountMin).HasPrecision(14, 2);
        builder.Property(p => p.AmountMax).HasPrecision(14, 2);
        builder.Property(p => p.IncomeMin).HasPrecision(14, 2);
        builder.Property(p => p.CommissionPercent).HasPrecision(7, 4);
        builder.Property(p => p.Regions).HasColumnType("text[]").IsRequired();
        builder.Property(p => p.Documents).HasColumnType("text[]").IsRequired();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder
            .HasOne<Bank>()
            .WithMany()
            .HasForeignKey(p => p.BankCode)
            .HasPrincipalKey(b => b.Code)
            .OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.Terms);
        builder.Ignore(p => p.Settings);
        builder.HasQueryFilter(p => p.DeletedAt == null);
        builder.HasIndex(p => new { p.Name, p.Id });
        builder.HasIndex(p => new { p.BankCode, p.Product });
    }
}
