using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasConversion(new SnakeCaseEnumConverter<NotificationKind>()).HasMaxLength(32);
        builder
            .Property(n => n.SubjectType)
            .HasConversion(new SnakeCaseEnumConverter<NotificationSubjectType>())
            .HasMaxLength(16);
        builder.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength);
        builder.Property(n => n.Body).HasMaxLength(Notification.MaxBodyLength);

        // Reading is a notification's only change, and the first read is kept: the update matches only while it is
        // unread (read_at IS NULL), so a second reader who read it unread loses the race at the save and is answered
        // again from the committed row, with the first read's time (see UnitOfWorkDecorator).
        builder.Property(n => n.ReadAt).IsConcurrencyToken();
        builder.HasOne<MakUser>().WithMany().HasForeignKey(n => n.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(n => n.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(n => new
        {
            n.RecipientUserId,
            n.CreatedAt,
            n.Id,
        });
        builder.HasIndex(n => n.RecipientUserId, "ix_notifications_unread").HasFilter("read_at IS NULL");
    }
}
