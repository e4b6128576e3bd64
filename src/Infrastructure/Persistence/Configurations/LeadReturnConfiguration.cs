using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class LeadReturnConfiguration : IEntityTypeConfiguration<LeadReturn>
{
    public void Configure(EntityTypeBuilder<LeadReturn> builder)
    {
        builder.ToTable(
            "lead_returns",
            table =>
                table.HasCheckConstraint(
                    "ck_lead_returns_decision",
                    $"(status = {EnumLiterals.Of(LeadReturnStatus.Requested)}"
                        + " AND decided_at IS NULL AND refund_entry_id IS NULL AND rejection_reason IS NULL)"
                        + $" OR (status = {EnumLiterals.Of(LeadReturnStatus.Accepted)}"
                        + " AND decided_at IS NOT NULL AND refund_entry_id IS NOT NULL)"
                        + $" OR (status = {EnumLiterals.Of(LeadReturnStatus.Rejected)}"
                        + " AND decided_at IS NOT NULL AND rejection_reason IS NOT NULL)"
                )
        );
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Amount).HasPrecision(14, 2);
        builder.Property(r => r.Reason).HasConversion(new SnakeCaseEnumConverter<LeadReturnReason>()).HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion(new SnakeCaseEnumConverter<LeadReturnStatus>()).HasMaxLength(16);
        builder.Property(r => r.Comment).HasMaxLength(LeadReturn.MaxCommentLength);
        builder.Property(r => r.RejectionReason).HasMaxLength(LeadReturn.MaxRejectionReasonLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasQueryFilter(r => r.DeletedAt == null);
        builder.HasOne<Lead>().WithMany().HasForeignKey(r => r.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(r => r.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(r => r.ChargeEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(r => r.RefundEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(r => r.RequestedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(r => r.DecidedByUserId).OnDelete(DeleteBehavior.Restrict);

        // A purchase is returned at most once, and a lead has at most one return waiting for a decision.
        builder.HasIndex(r => r.ChargeEntryId).IsUnique();
        builder
            .HasIndex(r => r.LeadId)
            .IsUnique()
            .HasFilter($"status = {EnumLiterals.Of(LeadReturnStatus.Requested)}")
            .HasDatabaseName("ux_lead_returns_open_per_lead");
        builder.HasIndex(r => new { r.CreatedAt, r.Id });
        builder.HasIndex(r => new
        {
            r.OrganizationId,
            r.CreatedAt,
            r.Id,
        });
        builder.HasIndex(r => r.RefundEntryId);
    }
}
