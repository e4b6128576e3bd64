using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Domain.Automation;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Automation;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class AutomationRuleConfiguration : IEntityTypeConfiguration<AutomationRule>
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Configure(EntityTypeBuilder<AutomationRule> builder)
    {
        builder.ToTable("automation_rules");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(AutomationRule.MaxNameLength).IsRequired();
        builder
            .Property(e => e.TriggerType)
            .HasConversion(new SnakeCaseEnumConverter<AutomationTriggerType>())
            .HasMaxLength(32);
        builder
            .Property(e => e.Trigger)
            .HasColumnType("jsonb")
            .HasConversion(
                new ValueConverter<RuleTrigger, string>(
                    t => JsonSerializer.Serialize(t, Options),
                    json => JsonSerializer.Deserialize<RuleTrigger>(json, Options)!
                )
            );
        builder.Property(e => e.Condition).HasColumnType("jsonb");
        builder
            .Property(e => e.Actions)
            .HasColumnType("jsonb")
            .HasConversion(
                new ValueConverter<IReadOnlyList<RuleAction>, string>(
                    a => JsonSerializer.Serialize(a, Options),
                    json => JsonSerializer.Deserialize<RuleAction[]>(json, Options) ?? Array.Empty<RuleAction>()
                ),
                new ValueComparer<IReadOnlyList<RuleAction>>(
                    (a, b) => a!.SequenceEqual(b!),
                    a => a.Aggregate(0, (hash, x) => HashCode.Combine(hash, x)),
                    a => a.ToArray()
                )
            );
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.Settings);
        builder.HasQueryFilter(e => e.DeletedAt == null);
        builder
            .HasIndex(e => new
            {
                e.OrganizationId,
                e.Position,
                e.Id,
            })
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(e => new { e.TriggerType, e.Position }).HasFilter("deleted_at IS NULL AND enabled");
        // The round robin's turn, counted by the store in the run's transaction (AutomationStore.NextTurnAsync); no
        // part of the rule as it is read or written.
        builder.Property<long>("RoundRobinTurns");
    }
}

internal sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> builder)
    {
        builder.ToTable("automation_runs");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Occurrence).HasMaxLength(120);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.SubjectType).HasMaxLength(16);
        builder
            .Property(e => e.Outcome)
            .HasConversion(new SnakeCaseEnumConverter<AutomationRunOutcome>())
            .HasMaxLength(16);
        builder.Property(e => e.Error).HasMaxLength(2000);
        builder.HasIndex(e => new { e.RuleId, e.Occurrence }).IsUnique();
        builder.HasIndex(e => new { e.RanAt, e.Id });
        builder.HasIndex(e => e.SubjectId);
        builder.HasOne<AutomationRule>().WithMany().HasForeignKey(e => e.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutomationEventDepthConfiguration : IEntityTypeConfiguration<AutomationEventDepthRow>
{
    public void Configure(EntityTypeBuilder<AutomationEventDepthRow> builder)
    {
        builder.ToTable("automation_event_depths");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).ValueGeneratedNever();
    }
}

internal sealed class AutomationCursorConfiguration : IEntityTypeConfiguration<AutomationCursorRow>
{
    public void Configure(EntityTypeBuilder<AutomationCursorRow> builder)
    {
        builder.ToTable("automation_cursor");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
    }
}

internal sealed class AutomationSweepConfiguration : IEntityTypeConfiguration<AutomationSweepRow>
{
    public void Configure(EntityTypeBuilder<AutomationSweepRow> builder)
    {
        builder.ToTable("automation_sweeps");
        builder.HasKey(e => e.RuleId);
        builder.Property(e => e.RuleId).ValueGeneratedNever();
        builder.HasOne<AutomationRule>().WithMany().HasForeignKey(e => e.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
