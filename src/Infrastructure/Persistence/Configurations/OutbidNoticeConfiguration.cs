using MakCrm.Infrastructure.Auction;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class OutbidNoticeConfiguration : IEntityTypeConfiguration<OutbidNotice>
{
    public void Configure(EntityTypeBuilder<OutbidNotice> builder)
    {
        builder.ToTable("auction_outbid_notices");
        builder.HasKey(n => n.BidId);
        builder.Property(n => n.BidId).ValueGeneratedNever();
        builder.Property(n => n.Amount).HasPrecision(14, 2);
    }
}
