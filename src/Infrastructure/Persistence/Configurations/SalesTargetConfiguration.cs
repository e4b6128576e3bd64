using MakCrm.Domain.Organizations;
using MakCrm.Domain.Targets;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class SalesTargetConfiguration : IEntityTypeConfiguration<SalesTarget>
{
    public void Configure(EntityTypeBuilder<SalesTarget> builder)
    {
        builder.ToTable(
            "sales_targets",
            table =>
            {
                table.HasCheckConstraint("ck_sales_targets_month", "date_part('day', month) = 1");
                table.HasCheckConstraint(
                    "ck_sales_targets_amount",
                    $"amount > 0 AND amount <= {SalesTarget.MaxAmount:0}"
                );
                table.HasCheckConstraint("ck_sales_targets_deals", $"deals BETWEEN 1 AND {SalesTarget.MaxDeals}");
            }
        );
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Amount).HasPrecision(14, 2);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasQueryFilter(t => t.DeletedAt == null);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);

        // One target per organization, user (none for the organization's own) and month, among those not deleted.
        builder
            .HasIndex(t => new { t.OrganizationId, t.UserId, t.Month })
            .IsUnique()
            .AreNullsDistinct(false)
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(t => new { t.UserId, t.Month });
        builder.HasIndex(t => new { t.Month, t.Id });
        builder.HasIndex(t => new { t.CreatedAt, t.Id });
    }
}
