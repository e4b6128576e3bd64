using MakCrm.Domain.Training;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.ToTable("training_courses");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(Course.MaxTitleLength);
        builder.Property(c => c.Description).IsRequired();
        builder.Property(c => c.Status).HasConversion(new SnakeCaseEnumConverter<CourseStatus>()).HasMaxLength(16);
        builder.Property(c => c.AudienceRoles).HasColumnType("text[]").IsRequired();
        builder.Property(c => c.AudienceKinds).HasColumnType("text[]").IsRequired();
        builder.Property(c => c.RequiredFor).HasColumnType("text[]").IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasQueryFilter(c => c.DeletedAt == null);
    }
}

internal sealed class CourseLessonConfiguration : IEntityTypeConfiguration<CourseLesson>
{
    public void Configure(EntityTypeBuilder<CourseLesson> builder)
    {
        builder.ToTable("training_lessons");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(CourseLesson.MaxTitleLength);
        builder.Property(l => l.Kind).HasConversion(new SnakeCaseEnumConverter<LessonKind>()).HasMaxLength(16);
        builder.Property(l => l.VideoUrl).HasMaxLength(CourseLesson.MaxVideoUrlLength);
        builder.Property(l => l.DocumentIds).HasColumnType("uuid[]").IsRequired();
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => new { l.CourseId, l.Position });
        builder.HasOne<Course>().WithMany().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(l => l.DeletedAt == null);
    }
}

internal sealed class CourseAssignmentConfiguration : IEntityTypeConfiguration<CourseAssignment>
{
    public void Configure(EntityTypeBuilder<CourseAssignment> builder)
    {
        builder.ToTable("training_assignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Title).HasMaxLength(CourseAssignment.MaxTitleLength);
        builder.Property(a => a.Instructions).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.CourseId, a.Position });
        builder.HasOne<Course>().WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(a => a.DeletedAt == null);
    }
}

/// <summary>One row per user and lesson: the unique index makes a completion happen once.</summary>
internal sealed class LessonCompletionConfiguration : IEntityTypeConfiguration<LessonCompletion>
{
    public void Configure(EntityTypeBuilder<LessonCompletion> builder)
    {
        builder.ToTable("training_lesson_completions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => new { c.UserId, c.LessonId }).IsUnique();
        builder.HasIndex(c => new { c.UserId, c.CourseId });
        builder.HasOne<CourseLesson>().WithMany().HasForeignKey(c => c.LessonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Course>().WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HomeworkSubmissionConfiguration : IEntityTypeConfiguration<HomeworkSubmission>
{
    public void Configure(EntityTypeBuilder<HomeworkSubmission> builder)
    {
        builder.ToTable("training_submissions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Text).IsRequired();
        builder.Property(s => s.DocumentIds).HasColumnType("uuid[]").IsRequired();
        builder.Property(s => s.Status).HasConversion(new SnakeCaseEnumConverter<SubmissionStatus>()).HasMaxLength(16);
        builder.Property(s => s.Feedback).HasMaxLength(HomeworkSubmission.MaxFeedbackLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder
            .HasIndex(s => new
            {
                s.AssignmentId,
                s.UserId,
                s.Attempt,
            })
            .IsUnique();
        builder.HasIndex(s => new { s.SubmittedAt, s.Id });
        builder.HasIndex(s => new
        {
            s.Status,
            s.SubmittedAt,
            s.Id,
        });
        builder
            .HasOne<CourseAssignment>()
            .WithMany()
            .HasForeignKey(s => s.AssignmentId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Course>().WithMany().HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(s => s.DeletedAt == null);
    }
}

internal sealed class TrainingEventConfiguration : IEntityTypeConfiguration<TrainingEvent>
{
    public void Configure(EntityTypeBuilder<TrainingEvent> builder)
    {
        builder.ToTable("training_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Title).HasMaxLength(TrainingEvent.MaxTitleLength);
        builder.Property(e => e.Description).IsRequired();
        builder
            .Property(e => e.Format)
            .HasConversion(new SnakeCaseEnumConverter<TrainingEventFormat>())
            .HasMaxLength(16);
        builder.Property(e => e.Place).HasMaxLength(TrainingEvent.MaxPlaceLength);
        builder.Property(e => e.Url).HasMaxLength(TrainingEvent.MaxUrlLength);
        builder.Property(e => e.AudienceRoles).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.AudienceKinds).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.CheckInCode).HasMaxLength(32);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.StartsAt, e.Id });
        builder.HasQueryFilter(e => e.DeletedAt == null);
    }
}

/// <summary>One registration per user and event (unique); a cancelled registration is deleted.</summary>
internal sealed class EventRegistrationConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> builder)
    {
        builder.ToTable("training_event_registrations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder
            .Property(r => r.AttendedVia)
            .HasConversion(new SnakeCaseEnumConverter<AttendanceSource>())
            .HasMaxLength(16);
        builder.HasIndex(r => new { r.EventId, r.UserId }).IsUnique();
        builder.HasIndex(r => r.UserId);
        builder.HasOne<TrainingEvent>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
