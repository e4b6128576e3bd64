using System.Text.Json;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class SettlementActConfiguration : IEntityTypeConfiguration<SettlementAct>
{
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<SettlementAct> builder)
    {
        builder.ToTable("settlement_acts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder
            .Property(a => a.Status)
            .HasConversion(new SnakeCaseEnumConverter<SettlementActStatus>())
            .HasMaxLength(16);
        builder.Property(a => a.Total).HasPrecision(14, 2);
        builder.Property(a => a.Number).HasMaxLength(SettlementAct.MaxNumberLength);
        builder.HasIndex(a => a.Number).IsUnique().HasFilter("number IS NOT NULL");
        builder.Property(a => a.AcceptedFromAddress).HasMaxLength(SettlementAct.MaxAddressLength);
        builder.Property(a => a.AcceptedDocumentSha256).HasMaxLength(64);
        builder.Property(a => a.PaidAmount).HasPrecision(14, 2);
        builder.Property(a => a.TaxReceiptNumber).HasMaxLength(SettlementAct.MaxReceiptLength);
        builder.Property(a => a.TaxReceiptUrl).HasMaxLength(SettlementAct.MaxReceiptUrlLength);

        // The lines are the act's frozen copy of its entries: read and written with the act, never queried on their
        // own (which act holds an entry is the claims' table), so they are one jsonb document.
        builder
            .Property(a => a.Lines)
            .HasColumnType("jsonb")
            .HasConversion(
                lines => JsonSerializer.Serialize(lines, LineJson),
                json =>
                    JsonSerializer.Deserialize<List<SettlementActLine>>(json, LineJson)
                    ?? new List<SettlementActLine>(),
                new ValueComparer<IReadOnlyList<SettlementActLine>>(
                    (a, b) => a!.SequenceEqual(b!),
                    l => l.Count,
                    l => l.ToList()
                )
            );
        builder.Ignore(a => a.Acceptance);
        builder.Ignore(a => a.Payout);

        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder
            .HasOne<SettlementAct>()
            .WithMany()
            .HasForeignKey(a => a.CorrectsActId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OrganizationId, a.CreatedAt });
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasQueryFilter(a => a.DeletedAt == null);
    }
}

internal sealed class SettlementEntryClaimConfiguration : IEntityTypeConfiguration<SettlementEntryClaim>
{
    public void Configure(EntityTypeBuilder<SettlementEntryClaim> builder)
    {
        builder.ToTable("settlement_entry_claims");
        builder.HasKey(c => c.EntryId);
        builder.Property(c => c.EntryId).ValueGeneratedNever();
        builder.HasOne<SettlementAct>().WithMany().HasForeignKey(c => c.ActId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CommissionEntry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.ActId);
    }
}

internal sealed class AcceptanceChallengeConfiguration : IEntityTypeConfiguration<AcceptanceChallenge>
{
    public void Configure(EntityTypeBuilder<AcceptanceChallenge> builder)
    {
        builder.ToTable("settlement_acceptance_codes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
        builder.HasOne<SettlementAct>().WithMany().HasForeignKey(c => c.ActId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new
        {
            c.ActId,
            c.UserId,
            c.ExpiresAt,
        });
    }
}
