using MakCrm.Infrastructure.Events;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<StoredEvent>
{
    public void Configure(EntityTypeBuilder<StoredEvent> builder)
    {
        builder.ToTable("events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Position).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.ResourceType).HasMaxLength(32);
        builder.Property(e => e.ActorClientId).HasMaxLength(64);
        builder.Property(e => e.ActorDisplayName).HasMaxLength(300);
        builder.Property(e => e.Data).HasColumnType("json");
        builder.HasIndex(e => e.Sequence).IsUnique().HasFilter("sequence IS NOT NULL");
        builder.HasIndex(e => new { e.OrganizationId, e.Sequence }).HasFilter("sequence IS NOT NULL");
        // The sequencer's queue: the committed events it has not numbered yet.
        builder.HasIndex(e => e.Position, "ix_events_unsequenced").HasFilter("sequence IS NULL");
        // The events a raw-SQL writer raised without their data, which the sequencer looks for on every turn: almost
        // always none, so an index of their own answers at once, where the queue's index holds every unnumbered event
        // and, until vacuum, the entries of those numbered since.
        builder.HasIndex(e => e.Position, "ix_events_awaiting_data").HasFilter("sequence IS NULL AND data IS NULL");
        // No index on occurred_at: the purge walks the feed from its head (EventRetention), and every index here is
        // written twice per event, by its insert and by its numbering.
    }
}
