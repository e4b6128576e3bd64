using MakCrm.Domain.Banks;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class CommissionRuleConfiguration : IEntityTypeConfiguration<CommissionRule>
{
    public void Configure(EntityTypeBuilder<CommissionRule> builder)
    {
        builder.ToTable(
            "commission_rules",
            table =>
                table.HasCheckConstraint(
                    "ck_commission_rules_kind_fields",
                    $"(kind = {EnumLiterals.Of(CommissionRuleKind.Base)} AND bank_code IS NOT NULL AND product IS "
                        + $"NOT NULL"
                        + " AND base_method IS NOT NULL"
                        + $" AND (base_method = {EnumLiterals.Of(CommissionBaseMethod.ReceivedFee)}) = (rate IS "
                        + $"NULL)) OR "
                        + $"(kind = {EnumLiterals.Of(CommissionRuleKind.PartnerShare)} AND grade IS NOT NULL AND "
                        + $"rate IS NOT NULL)"
                        + $" OR (kind = {EnumLiterals.Of(CommissionRuleKind.Level2Share)} AND rate IS NOT NULL) OR "
                        + $"(kind = {EnumLiterals.Of(CommissionRuleKind.HoldPeriod)}"
                        + " AND product IS NOT NULL AND hold_days IS NOT NULL)"
                )
        );
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion(new SnakeCaseEnumConverter<CommissionRuleKind>()).HasMaxLength(32);
        builder.Property(r => r.BankCode).HasMaxLength(Bank.MaxCodeLength);
        builder.Property(r => r.Product).HasConversion(new SnakeCaseEnumConverter<LoanProduct>()).HasMaxLength(32);
        builder
            .Property(r => r.BaseMethod)
            .HasConversion(new SnakeCaseEnumConverter<CommissionBaseMethod>())
            .HasMaxLength(32);
        builder.Property(r => r.Rate).HasPrecision(7, 4);
        builder.Property(r => r.Grade).HasMaxLength(CommissionRule.MaxGradeLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.Subject);
        builder
            .HasOne<Bank>()
            .WithMany()
            .HasForeignKey(r => r.BankCode)
            .HasPrincipalKey(b => b.Code)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(r => r.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);

        // One rule per subject and date: which rule is in force on a day is never ambiguous.
        builder
            .HasIndex(r => new
            {
                r.Kind,
                r.BankCode,
                r.Product,
                r.Grade,
                r.EffectiveFrom,
            })
            .IsUnique()
            .AreNullsDistinct(false);
    }
}

internal sealed class CommissionEntryConfiguration : IEntityTypeConfiguration<CommissionEntry>
{
    public void Configure(EntityTypeBuilder<CommissionEntry> builder)
    {
        builder.ToTable(
            "commission_entries",
            table =>
            {
                table.HasCheckConstraint(
                    "ck_commission_entries_amount_sign",
                    $"(kind IN ({EnumLiterals.List(CommissionEntryKind.Accrual, CommissionEntryKind.Release,
                    CommissionEntryKind.Bonus)})"
                        + $" AND amount > 0) OR (kind = {EnumLiterals.Of(CommissionEntryKind.Reversal)} AND amount < 0)"
                        + $" OR (kind = {EnumLiterals.Of(CommissionEntryKind.Payout)} AND amount < 0)"
                );
                table.HasCheckConstraint("ck_commission_entries_level", "level IS NULL OR level IN (1, 2)");

                // A bonus is available at once and says why; what it rewards is named whole or not at all.
                table.HasCheckConstraint(
                    "ck_commission_entries_bonus",
                    $"kind <> {EnumLiterals.Of(CommissionEntryKind.Bonus)}"
                        + " OR (reason IS NOT NULL AND deal_id IS NULL AND on_hold_change = 0 AND available_change = "
                        + "amount)"
                );
                table.HasCheckConstraint(
                    "ck_commission_entries_rewards",
                    "(rewards_user_id IS NULL AND rewards_month IS NULL AND rewards_rank IS NULL) OR "
                        + "(rewards_user_id IS NOT NULL AND rewards_month IS NOT NULL AND rewards_rank > 0)"
                );
            }
        );
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion(new SnakeCaseEnumConverter<CommissionEntryKind>()).HasMaxLength(16);
        builder.Property(e => e.Amount).HasPrecision(14, 2);
        builder.Property(e => e.OnHoldChange).HasPrecision(14, 2);
        builder.Property(e => e.AvailableChange).HasPrecision(14, 2);
        builder.Property(e => e.Base).HasPrecision(14, 2);
        builder.Property(e => e.Share).HasPrecision(7, 4);
        builder.Property(e => e.BankCode).HasMaxLength(Bank.MaxCodeLength);
        builder.Property(e => e.Product).HasConversion(new SnakeCaseEnumConverter<LoanProduct>()).HasMaxLength(32);
        builder.Property(e => e.Grade).HasMaxLength(CommissionRule.MaxGradeLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(120);
        builder.Property(e => e.Reason).HasMaxLength(CommissionEntry.MaxReasonLength);
        builder.Ignore(e => e.Rewards);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(e => e.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(e => e.RewardsUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Deal>().WithMany().HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Restrict);

        // The running position after each entry (ADR 0011), written once with it; shadow properties as on
        // ledger_entries.
        builder.Property<long>(CommissionPosition.EntryNo);
        builder.Property<decimal>(CommissionPosition.OnHoldAfter).HasPrecision(18, 2);
        builder.Property<decimal>(CommissionPosition.AvailableAfter).HasPrecision(18, 2);
        builder
            .HasIndex(nameof(CommissionEntry.OrganizationId), CommissionPosition.EntryNo)
            .IsUnique()
            .IncludeProperties(CommissionPosition.OnHoldAfter, CommissionPosition.AvailableAfter);

        // A replayed issue, release or cancellation writes nothing twice: one entry per (deal, issue, level, kind).
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.HasIndex(e => new
        {
            e.OrganizationId,
            e.CreatedAt,
            e.Id,
        });
        builder.HasIndex(e => new { e.DealId, e.IssueNo }).HasFilter("deal_id IS NOT NULL");
        builder.HasIndex(e => e.FollowsEntryId).HasFilter("follows_entry_id IS NOT NULL");
        builder.HasIndex(e => e.HoldUntil).HasFilter($"kind = {EnumLiterals.Of(CommissionEntryKind.Accrual)}");
    }
}
