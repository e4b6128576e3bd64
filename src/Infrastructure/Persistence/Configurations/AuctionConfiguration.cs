using MakCrm.Domain.Auction;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class AuctionConfiguration : IEntityTypeConfiguration<Lot>, IEntityTypeConfiguration<Bid>
{
    public void Configure(EntityTypeBuilder<Lot> builder)
    {
        builder.ToTable(
            "lots",
            table =>
            {
                table.HasCheckConstraint(
                    "ck_lots_prices",
                    "start_price > 0 AND min_step > 0 AND (reserve_price IS NULL OR reserve_price > 0)"
                );
                table.HasCheckConstraint("ck_lots_times", "ends_at > starts_at");
            }
        );
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.StartPrice).HasPrecision(14, 2);
        builder.Property(l => l.MinStep).HasPrecision(14, 2);
        builder.Property(l => l.ReservePrice).HasPrecision(14, 2);
        builder.Property(l => l.CurrentPrice).HasPrecision(14, 2);
        builder.Property(l => l.Status).HasConversion(new SnakeCaseEnumConverter<LotStatus>()).HasMaxLength(16);
        builder.Property(l => l.Outcome).HasConversion(new SnakeCaseEnumConverter<LotOutcome>()).HasMaxLength(16);
        builder
            .Property(l => l.Redistribution)
            .HasConversion(new SnakeCaseEnumConverter<LotRedistribution>())
            .HasMaxLength(16);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.Terms);
        builder.Ignore(l => l.MinimumNextBid);
        builder.HasQueryFilter(l => l.DeletedAt == null);
        builder.HasOne<Lead>().WithMany().HasForeignKey(l => l.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(l => l.LeaderOrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(l => l.AssignedOrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lot>().WithMany().HasForeignKey(l => l.PreviousLotId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(l => l.LeadId);
        // What the closing workers claim: open lots by end time.
        builder
            .HasIndex(l => new { l.EndsAt, l.Id })
            .HasFilter($"status = {EnumLiterals.Of(LotStatus.Open)} AND deleted_at IS NULL")
            .HasDatabaseName("ix_lots_open_ends_at");
        builder.HasIndex(l => new { l.CreatedAt, l.Id }).HasFilter("deleted_at IS NULL");
        builder
            .HasIndex(l => new { l.AssignedOrganizationId, l.ClosedAt })
            .HasFilter($"redistribution = {EnumLiterals.Of(LotRedistribution.Rotated)}");
    }

    public void Configure(EntityTypeBuilder<Bid> builder)
    {
        builder.ToTable("bids", table => table.HasCheckConstraint("ck_bids_amount", "amount > 0"));
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Amount).HasPrecision(14, 2);
        builder.Property(b => b.ApiClientId).HasMaxLength(64);
        builder.HasOne<Lot>().WithMany().HasForeignKey(b => b.LotId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(b => b.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Restrict);

        // No two accepted bids of a lot at one price; the history pages by time.
        builder.HasIndex(b => new { b.LotId, b.Amount }).IsUnique();
        builder.HasIndex(b => new
        {
            b.LotId,
            b.PlacedAt,
            b.Id,
        });
        builder.HasIndex(b => new { b.LotId, b.OrganizationId }).IncludeProperties(b => b.BidderNumber);
    }
}
