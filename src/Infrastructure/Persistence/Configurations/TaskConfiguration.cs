using MakCrm.Domain.Organizations;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class TaskConfiguration : IEntityTypeConfiguration<CrmTask>
{
    public void Configure(EntityTypeBuilder<CrmTask> builder)
    {
        builder.ToTable(
            "tasks",
            t => t.HasCheckConstraint("ck_tasks_remind_not_after_due", "remind_at IS NULL OR remind_at <= due_at")
        );
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder
            .Property(t => t.SubjectType)
            .HasConversion(new SnakeCaseEnumConverter<TaskSubjectType>())
            .HasMaxLength(16);
        builder.Property(t => t.Title).HasMaxLength(CrmTask.MaxTitleLength);
        builder.Property(t => t.Description).HasMaxLength(CrmTask.MaxDescriptionLength);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Ignore(t => t.Details);
        builder.Ignore(t => t.ReminderDueAt);
        builder.Ignore(t => t.IsDone);
        builder.HasQueryFilter(t => t.DeletedAt == null);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(t => t.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(t => t.AssigneeUserId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(t => new { t.DueAt, t.Id }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(t => new { t.CreatedAt, t.Id }).HasFilter("deleted_at IS NULL");
        // The list's q: ILIKE '%…%' on the title.
        builder.HasIndex(t => t.Title, "ix_tasks_title_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder
            .HasIndex(t => new
            {
                t.OrganizationId,
                t.DueAt,
                t.Id,
            })
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(t => new { t.AssigneeUserId, t.DueAt }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(t => new { t.SubjectType, t.SubjectId }).HasFilter("deleted_at IS NULL");

        // What the reminder worker scans: only tasks whose reminder is still to be sent.
        builder
            .HasIndex(t => new { t.RemindAt, t.DueAt }, "ix_tasks_pending_reminders")
            .HasFilter("reminder_sent_at IS NULL AND done_at IS NULL AND deleted_at IS NULL");

        // What the overdue worker scans: open tasks by due time (told once per due time, see OverdueNotifiedFor).
        builder.HasIndex(t => t.DueAt, "ix_tasks_open_by_due").HasFilter("done_at IS NULL AND deleted_at IS NULL");
    }
}
