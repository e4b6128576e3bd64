using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");

        // One choice per user, kind and channel; the key also serves the lookup of many recipients for one kind.
        builder.HasKey(p => new
        {
            p.UserId,
            p.Kind,
            p.Channel,
        });
        builder.Property(p => p.Kind).HasConversion(new SnakeCaseEnumConverter<NotificationKind>()).HasMaxLength(32);
        builder
            .Property(p => p.Channel)
            .HasConversion(new SnakeCaseEnumConverter<NotificationChannel>())
            .HasMaxLength(16);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
