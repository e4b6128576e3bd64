using MakCrm.Domain.Common;
using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class HelpChatLinkConfiguration : IEntityTypeConfiguration<HelpChatLink>
{
    public void Configure(EntityTypeBuilder<HelpChatLink> builder)
    {
        builder.ToTable("help_chat_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(HelpChatLink.MaxTitleLength);
        builder.Property(l => l.Url).HasMaxLength(HelpChatLink.MaxUrlLength);
        builder.Property(l => l.Channel).HasConversion(new SnakeCaseEnumConverter<HelpChatChannel>()).HasMaxLength(16);

        // The audience as the kinds' snake_case names in a text[] (as the API spells them).
        builder
            .Property(l => l.Audience)
            .HasColumnType("text[]")
            .HasConversion(
                new ValueConverter<List<OrganizationKind>, string[]>(
                    kinds => kinds.Select(k => SnakeCaseNames<OrganizationKind>.Of(k)).ToArray(),
                    names => names.Select(n => SnakeCaseNames<OrganizationKind>.Stored(n)).ToList()
                ),
                new ValueComparer<List<OrganizationKind>>(
                    (a, b) => a!.SequenceEqual(b!),
                    kinds => kinds.Aggregate(0, (hash, k) => HashCode.Combine(hash, k)),
                    kinds => kinds.ToList()
                )
            );
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.Details);
        builder.HasQueryFilter(l => l.DeletedAt == null);
        builder.HasIndex(l => new { l.Position, l.Id }).HasFilter("deleted_at IS NULL");
    }
}
