using System.Text.Json;
using MakCrm.Domain.Common;
using MakCrm.Domain.Points;
using MakCrm.Infrastructure.Points;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class PointRuleSetConfiguration : IEntityTypeConfiguration<PointRuleSet>
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter(allowIntegerValues: false) },
    };

    public void Configure(EntityTypeBuilder<PointRuleSet> builder)
    {
        builder.ToTable("points_rule_sets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder
            .Property(s => s.Rules)
            .HasColumnType("jsonb")
            .HasConversion(
                new ValueConverter<List<PointRule>, string>(
                    rules => JsonSerializer.Serialize(rules, Options),
                    json => JsonSerializer.Deserialize<List<PointRule>>(json, Options) ?? new List<PointRule>()
                ),
                new ValueComparer<List<PointRule>>(
                    (a, b) => a!.SequenceEqual(b!),
                    rules => rules.Aggregate(0, (hash, r) => HashCode.Combine(hash, r)),
                    rules => rules.ToList()
                )
            );
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntryRow>
{
    public void Configure(EntityTypeBuilder<PointsEntryRow> builder)
    {
        builder.ToTable("points_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.Property(e => e.Rule).HasMaxLength(32);
        builder.Property(e => e.Source).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(16);
        builder.HasOne<Identity.MakUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);

        // The idempotency key: a source is awarded to a user once, and reversed once.
        builder
            .HasIndex(e => new
            {
                e.Rule,
                e.Source,
                e.UserId,
                e.Kind,
            })
            .IsUnique();
        builder.HasIndex(e => new { e.UserId, e.EntryNo }).IsUnique();
        builder.HasIndex(e => new
        {
            e.UserId,
            e.RecordedAt,
            e.Id,
        });
        builder.HasIndex(e => e.AwardedOn);
    }
}

internal sealed class PointsCursorConfiguration : IEntityTypeConfiguration<PointsCursorRow>
{
    public void Configure(EntityTypeBuilder<PointsCursorRow> builder)
    {
        builder.ToTable("points_cursor");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasData(new { Id = 1, LastSequence = 0L });
    }
}
