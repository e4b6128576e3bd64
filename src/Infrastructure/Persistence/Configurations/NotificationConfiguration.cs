using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
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
        builder.Property(n => n.SubjectType).HasConversion(new SnakeCaseEnumConverter<NotificationSubjectType>()).HasMaxLength(16);
        builder.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength);
        builder.Property(n => n.Body).HasMaxLength(Notification.MaxBodyLength);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(n => n.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(n => new { n.RecipientUserId, n.CreatedAt, n.Id });
        builder.HasIndex(n => n.RecipientUserId, "ix_notifications_unread").HasFilter("read_at IS NULL");
    }
}
