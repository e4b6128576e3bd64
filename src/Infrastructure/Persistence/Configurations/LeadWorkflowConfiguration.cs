using MakCrm.Domain.Leads;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>Lead statuses (seeded with the specification's funnel), lead history and lead comments.</summary>
internal sealed class LeadWorkflowConfiguration
    : IEntityTypeConfiguration<LeadStatus>,
        IEntityTypeConfiguration<LeadHistoryEntry>,
        IEntityTypeConfiguration<LeadComment>
{
    public void Configure(EntityTypeBuilder<LeadStatus> builder)
    {
        builder.ToTable("lead_statuses");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Code).HasMaxLength(LeadStatus.MaxCodeLength);
        builder.HasAlternateKey(s => s.Code);
        builder.Property(s => s.Name).HasMaxLength(LeadStatus.MaxNameLength);
        builder.Property(s => s.Color).HasMaxLength(7).IsFixedLength();
        builder.Property(s => s.Kind).HasConversion(new SnakeCaseEnumConverter<LeadStatusKind>()).HasMaxLength(16);
        builder.Property(s => s.Transitions).HasColumnType("text[]");
        builder.Property(s => s.AllowedRoles).HasColumnType("text[]");
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Details);
        builder.HasQueryFilter(s => s.DeletedAt == null);
        builder.HasData(SeededLeadStatuses.All);
    }

    public void Configure(EntityTypeBuilder<LeadHistoryEntry> builder)
    {
        builder.ToTable("lead_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.ActorClientId).HasMaxLength(64);
        builder.Property(h => h.Field).HasMaxLength(32);
        builder.Property(h => h.OldValue).HasMaxLength(Lead.MaxCommentLength);
        builder.Property(h => h.NewValue).HasMaxLength(Lead.MaxCommentLength);
        builder.HasIndex(h => new
        {
            h.LeadId,
            h.At,
            h.Id,
        });
    }

    public void Configure(EntityTypeBuilder<LeadComment> builder)
    {
        builder.ToTable("lead_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.AuthorClientId).HasMaxLength(64);
        builder.Property(c => c.Text).HasMaxLength(LeadComment.MaxTextLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasQueryFilter(c => c.DeletedAt == null);
        builder.HasOne<Lead>().WithMany().HasForeignKey(c => c.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasIndex(c => new
            {
                c.LeadId,
                c.CreatedAt,
                c.Id,
            })
            .HasFilter("deleted_at IS NULL");
    }
}
