using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class GradeConfiguration : IEntityTypeConfiguration<Grade>
{
    public void Configure(EntityTypeBuilder<Grade> builder)
    {
        builder.ToTable(
            "grades",
            t =>
            {
                t.HasCheckConstraint("ck_grades_threshold", "threshold >= 0");
                t.HasCheckConstraint("ck_grades_period_months", $"period_months BETWEEN 1 AND {Grade.MaxPeriodMonths}");
            }
        );
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder
            .Property(g => g.OrganizationKind)
            .HasConversion(new SnakeCaseEnumConverter<OrganizationKind>())
            .HasMaxLength(32);
        builder.Property(g => g.Code).HasMaxLength(Organization.MaxGradeLength);
        builder.Property(g => g.Name).HasMaxLength(Grade.MaxNameLength).IsRequired();
        builder.Property(g => g.Basis).HasConversion(new SnakeCaseEnumConverter<GradeBasis>()).HasMaxLength(32);
        builder.Property(g => g.Threshold).HasPrecision(18, 2);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.Ignore(g => g.Terms);
        builder.HasIndex(g => new { g.OrganizationKind, g.Code }).IsUnique();
        builder.HasIndex(g => new { g.OrganizationKind, g.Rank }).IsUnique();
    }
}

internal sealed class GradeRecordConfiguration : IEntityTypeConfiguration<GradeRecord>
{
    public void Configure(EntityTypeBuilder<GradeRecord> builder)
    {
        builder.ToTable("grade_history");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Grade).HasMaxLength(Organization.MaxGradeLength);
        builder.Property(r => r.PreviousGrade).HasMaxLength(Organization.MaxGradeLength);
        builder.Property(r => r.Source).HasConversion(new SnakeCaseEnumConverter<GradeSource>()).HasMaxLength(16);
        builder.Property(r => r.Reason).HasMaxLength(GradeRecord.MaxReasonLength);
        builder.Property(r => r.IssuedVolume).HasPrecision(18, 2);
        builder.Property(r => r.Version).IsConcurrencyToken();
        // A purged organization takes its grade history with it.
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(r => r.OrganizationId)
            .OnDelete(DeleteBehavior.Cascade);
        // The grade in force on a day: the newest line of the organization effective on or before it.
        builder.HasIndex(r => new
        {
            r.OrganizationId,
            r.EffectiveFrom,
            r.CreatedAt,
        });
        // The recompute runs once per organization and month: a second run (another instance, a retry) inserts nothing.
        builder
            .HasIndex(r => new { r.OrganizationId, r.PeriodEnd })
            .IsUnique()
            .HasFilter($"source = {EnumLiterals.Of(GradeSource.Computed)}")
            .HasDatabaseName("ux_grade_history_computed_month");
    }
}
