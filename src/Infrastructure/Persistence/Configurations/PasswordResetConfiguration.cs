using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class PasswordResetConfiguration : IEntityTypeConfiguration<PasswordReset>
{
    public void Configure(EntityTypeBuilder<PasswordReset> builder)
    {
        builder.ToTable("password_resets");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Email).HasMaxLength(256);
        builder.Property(r => r.TokenHash).HasMaxLength(64);
        builder.Property(r => r.IpAddress).HasMaxLength(64);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.TokenHash).IsUnique().HasFilter("token_hash IS NOT NULL");
        builder.HasIndex(r => new { r.Email, r.RequestedAt });
        builder.HasIndex(r => r.UserId).HasFilter("used_at IS NULL");
    }
}
