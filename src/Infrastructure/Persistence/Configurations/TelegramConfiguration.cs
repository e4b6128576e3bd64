using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Telegram;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class TelegramConfiguration
    : IEntityTypeConfiguration<TelegramLinkCode>,
        IEntityTypeConfiguration<MessengerLink>,
        IEntityTypeConfiguration<TelegramGroupLink>
{
    public void Configure(EntityTypeBuilder<TelegramLinkCode> builder)
    {
        builder.ToTable("telegram_link_codes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.Property(c => c.UsedByClientId).HasMaxLength(64);
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasIndex(c => c.UserId);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<MessengerLink> builder)
    {
        builder.ToTable("messenger_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Channel).HasConversion(new SnakeCaseEnumConverter<MessengerChannel>()).HasMaxLength(16);
        builder.Property(l => l.AccountId).HasMaxLength(64);
        builder.Property(l => l.DisplayName).HasMaxLength(256);
        builder.Property(l => l.ClientId).HasMaxLength(64);
        builder.HasIndex(l => new { l.Channel, l.AccountId }).IsUnique();
        builder.HasIndex(l => l.UserId);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TelegramGroupLink> builder)
    {
        builder.ToTable("telegram_group_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(256);
        builder.Property(l => l.ClientId).HasMaxLength(64);
        builder.HasIndex(l => l.ChatId).IsUnique();
        builder.HasIndex(l => l.OrganizationId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
