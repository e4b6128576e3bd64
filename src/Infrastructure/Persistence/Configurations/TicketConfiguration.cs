using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("tickets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength);
        builder.Property(t => t.Category).HasConversion(new SnakeCaseEnumConverter<TicketCategory>()).HasMaxLength(32);
        builder.Property(t => t.Priority).HasConversion(new SnakeCaseEnumConverter<TicketPriority>()).HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion(new SnakeCaseEnumConverter<TicketStatus>()).HasMaxLength(32);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasQueryFilter(t => t.DeletedAt == null);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(t => t.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(t => t.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(t => t.AssigneeUserId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(t => new { t.CreatedAt, t.Id });
        // The list's q: ILIKE '%…%' on the subject.
        builder.HasIndex(t => t.Subject, "ix_tickets_subject_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(t => new { t.LastMessageAt, t.Id });
        builder.HasIndex(t => new
        {
            t.OrganizationId,
            t.CreatedAt,
            t.Id,
        });
        builder.HasIndex(t => new { t.AssigneeUserId, t.Status });
        builder.HasIndex(t => new { t.Status, t.CreatedAt });
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> builder)
    {
        builder.ToTable("ticket_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Text).HasMaxLength(TicketMessage.MaxTextLength);
        builder.Property(m => m.AttachmentIds).HasColumnType("uuid[]");
        builder.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(m => m.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new
        {
            m.TicketId,
            m.CreatedAt,
            m.Id,
        });
    }
}
