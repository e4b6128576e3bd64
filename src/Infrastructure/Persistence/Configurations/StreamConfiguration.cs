using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Streaming;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class StreamTicketConfiguration : IEntityTypeConfiguration<StreamTicket>
{
    public void Configure(EntityTypeBuilder<StreamTicket> builder)
    {
        builder.ToTable("stream_tickets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.TicketHash).HasMaxLength(64);
        builder.Property(t => t.Subject).HasMaxLength(64);
        builder.Property(t => t.ClientId).HasMaxLength(64);
        builder.HasIndex(t => t.TicketHash).IsUnique();
        builder.HasIndex(t => t.ExpiresAt);
    }
}

internal sealed class StreamSlotConfiguration : IEntityTypeConfiguration<StreamSlot>
{
    public void Configure(EntityTypeBuilder<StreamSlot> builder)
    {
        builder.ToTable("stream_slots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Caller).HasMaxLength(64);
        builder.HasIndex(s => s.Caller);
        builder.HasIndex(s => s.InstanceId);
    }
}
