using System.Text.Json;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Retention;
using MakCrm.Infrastructure.Retention;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class RetentionConfiguration
    : IEntityTypeConfiguration<RetentionRule>,
        IEntityTypeConfiguration<LegalHold>,
        IEntityTypeConfiguration<DestructionRun>,
        IEntityTypeConfiguration<DestroyedSubjectRow>
{
    /// <summary>The rules every database starts with, one per kind, at their default terms.</summary>
    private static readonly (RetentionDataKind Kind, Guid Id)[] SeededRules =
    [
        (RetentionDataKind.LeadWithoutDeal, new("0192f0c1-0000-7000-8000-0000000005e1")),
        (RetentionDataKind.WithdrawnConsent, new("0192f0c1-0000-7000-8000-0000000005e2")),
        (RetentionDataKind.RejectedRegistration, new("0192f0c1-0000-7000-8000-0000000005e3")),
    ];

    private static readonly DateTimeOffset SeededAt = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions SubjectJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter(allowIntegerValues: false) },
    };

    public void Configure(EntityTypeBuilder<RetentionRule> builder)
    {
        builder.ToTable("retention_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion(new SnakeCaseEnumConverter<RetentionDataKind>()).HasMaxLength(40);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.Term);
        builder.HasIndex(r => r.Kind).IsUnique();
        builder.HasData(SeededRules.Select(r => RetentionRule.Seeded(r.Id, r.Kind, SeededAt)));
    }

    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.ToTable("legal_holds");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Reason).HasMaxLength(LegalHold.MaxReasonLength).IsRequired();
        builder.Property(h => h.Version).IsConcurrencyToken();
        builder.HasOne<Client>().WithMany().HasForeignKey(h => h.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(h => h.ClientId).IsUnique().HasFilter("deleted_at IS NULL");
        builder.HasIndex(h => new { h.CreatedAt, h.Id }).HasFilter("deleted_at IS NULL");
    }

    public void Configure(EntityTypeBuilder<DestructionRun> builder)
    {
        builder.ToTable("destruction_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();

        // The subjects are the run's frozen record, read and written with it; which subject a run destroyed is asked of
        // destroyed_subjects.
        builder
            .Property(r => r.Subjects)
            .HasColumnType("jsonb")
            .HasConversion(
                subjects => JsonSerializer.Serialize(subjects, SubjectJson),
                json =>
                    JsonSerializer.Deserialize<List<DestroyedSubject>>(json, SubjectJson)
                    ?? new List<DestroyedSubject>(),
                new ValueComparer<List<DestroyedSubject>>(
                    (a, b) => a!.SequenceEqual(b!),
                    l => l.Count,
                    l => l.ToList()
                )
            );
        builder.HasIndex(r => new { r.CreatedAt, r.Id });
    }

    public void Configure(EntityTypeBuilder<DestroyedSubjectRow> builder)
    {
        builder.ToTable("destroyed_subjects");
        builder.HasKey(s => s.SubjectId);
        builder.Property(s => s.SubjectId).ValueGeneratedNever();
        builder.Property(s => s.SubjectType).HasMaxLength(16);
        builder.HasIndex(s => s.RunId);
    }
}
