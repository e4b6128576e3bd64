using MakCrm.Domain.Invoices;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class LedgerConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable(
            "ledger_entries",
            table =>
                table.HasCheckConstraint(
                    "ck_ledger_entries_amount_sign",
                    $"(kind IN ({EnumLiterals.List(LedgerEntryKind.Deposit, LedgerEntryKind.HoldRelease,
                LedgerEntryKind.Refund)})"
                        + " AND amount > 0)"
                        + $" OR (kind IN ({EnumLiterals.List(LedgerEntryKind.Hold, LedgerEntryKind.Charge)}) AND "
                        + $"amount < 0)"
                        + $" OR (kind = {EnumLiterals.Of(LedgerEntryKind.Adjustment)} AND amount <> 0)"
                )
        );
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion(new SnakeCaseEnumConverter<LedgerEntryKind>()).HasMaxLength(16);
        builder.Property(e => e.Amount).HasPrecision(14, 2);
        builder.Property(e => e.Comment).HasMaxLength(LedgerEntry.MaxCommentLength);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(e => e.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(e => e.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(e => e.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.InvoiceId).HasFilter("invoice_id IS NOT NULL");

        // Where the organization's ledger stands after each entry (ADR 0011): its number in the organization's ledger
        // and
        // the running sums, written once with the entry (LedgerPosition), so that a balance is read from the last entry
        // instead of summing them all. A storage concern the domain does not see, hence shadow properties.
        builder.Property<long>(LedgerPosition.EntryNo);
        builder.Property<decimal>(LedgerPosition.BalanceAfter).HasPrecision(18, 2);
        builder.Property<decimal>(LedgerPosition.HeldAfter).HasPrecision(18, 2);
        // Two writers that did not share the organization's ledger lock fail here instead of corrupting the running
        // sums;
        // the included sums make the last entry an index-only read.
        builder
            .HasIndex(LedgerPosition.OrganizationId, LedgerPosition.EntryNo)
            .IsUnique()
            .IncludeProperties(LedgerPosition.BalanceAfter, LedgerPosition.HeldAfter);

        // The statement of an organization, in time order.
        builder
            .HasIndex(e => new
            {
                e.OrganizationId,
                e.CreatedAt,
                e.Id,
            })
            .IncludeProperties(e => new { e.Amount, e.Kind });
        builder.HasIndex(e => e.LotId).HasFilter("lot_id IS NOT NULL");

        // A lot is charged once, whichever closing worker gets there.
        builder
            .HasIndex(e => e.LotId, "ux_ledger_entries_lot_charge")
            .IsUnique()
            .HasFilter($"kind = {EnumLiterals.Of(LedgerEntryKind.Charge)}");
        builder.HasIndex(e => e.LeadId).HasFilter("lead_id IS NOT NULL");
    }
}
