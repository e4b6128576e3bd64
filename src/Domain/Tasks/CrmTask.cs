using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Tasks;

/// <summary>
/// A to-do on a client, lead or deal, assigned to one user, due at a time and optionally reminded of earlier.
/// (Named CrmTask so that it never collides with System.Threading.Tasks.Task.)
/// </summary>
public sealed class CrmTask : AggregateRoot, IOrganizationOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;

    private CrmTask() { }

    private CrmTask(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The organization that owns the task and sees it: its assignee's.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public TaskSubjectType SubjectType { get; private set; }

    public Guid SubjectId { get; private set; }

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public Guid AssigneeUserId { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? RemindAt { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    public Guid? DoneBy { get; private set; }

    /// <summary>The user who created it; null for an API client.</summary>
    public Guid? CreatedBy { get; private set; }

    public DateTimeOffset? ReminderSentAt { get; private set; }

    /// <summary>The due time its assignee was last told had passed: a task is overdue-notified once per due
    /// time.</summary>
    public DateTimeOffset? OverdueNotifiedFor { get; private set; }

    public TaskDetails Details => new(Title, Description, AssigneeUserId, DueAt, RemindAt);

    /// <summary>When the reminder is due: the reminder time, or the due time when there is none.</summary>
    public DateTimeOffset ReminderDueAt => RemindAt ?? DueAt;

    public bool IsDone => DoneAt is not null;

    public static Result<CrmTask> Create(
        Guid id,
        Guid organizationId,
        TaskSubjectType subjectType,
        Guid subjectId,
        TaskDetails details,
        Guid? createdBy,
        DateTimeOffset now
    )
    {
        var normalized = Normalize(details);
        var check = Check(new ReminderNotAfterDueTime(normalized));
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        var task = new CrmTask(id, now)
        {
            OrganizationId = organizationId,
            SubjectType = subjectType,
            SubjectId = subjectId,
            CreatedBy = createdBy,
        };
        task.Apply(normalized);
        return task;
    }

    /// <summary>
    /// Applies the details; an update that changes nothing keeps the version. Moving the reminder (or the due time
    /// when there is no reminder time) re-arms a reminder already sent, so that it is sent again at the new time.
    /// </summary>
    public Result<Unit> Update(TaskDetails details, Guid organizationId, DateTimeOffset now)
    {
        var normalized = Normalize(details);
        var check = Check(new ReminderNotAfterDueTime(normalized));
        if (!check.IsSuccess || (normalized == Details && organizationId == OrganizationId))
        {
            return check;
        }

        var reminderMoved = (normalized.RemindAt ?? normalized.DueAt) != ReminderDueAt;
        Apply(normalized);
        OrganizationId = organizationId;
        if (reminderMoved && ReminderDueAt > now)
        {
            ReminderSentAt = null;
        }

        Touch(now);
        return Unit.Value;
    }

    /// <summary>Marks the task done; completing a done task changes nothing.</summary>
    public void Complete(Guid? userId, DateTimeOffset now)
    {
        if (IsDone)
        {
            return;
        }

        DoneAt = now;
        DoneBy = userId;
        Touch(now);
    }

    /// <summary>Records that the reminder went out; it is sent once until the reminder time moves.</summary>
    public void MarkReminderSent(DateTimeOffset now)
    {
        ReminderSentAt = now;
        Touch(now);
    }

    /// <summary>Records that the assignee was told the current due time passed; a later due time may be told
    /// again.</summary>
    public void MarkOverdueNotified(DateTimeOffset now)
    {
        OverdueNotifiedFor = DueAt;
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    // Times are kept to the microsecond, as PostgreSQL stores them, so that a response says what a later read returns.
    private static TaskDetails Normalize(TaskDetails details) =>
        details with
        {
            Title = details.Title.Trim(),
            Description = TextNormalizer.TrimOrNull(details.Description),
            DueAt = ToMicroseconds(details.DueAt),
            RemindAt = details.RemindAt is { } remindAt ? ToMicroseconds(remindAt) : null,
        };

    private static DateTimeOffset ToMicroseconds(DateTimeOffset time) =>
        time.ToUniversalTime().AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));

    private void Apply(TaskDetails details)
    {
        Title = details.Title;
        Description = details.Description;
        AssigneeUserId = details.AssigneeUserId;
        DueAt = details.DueAt;
        RemindAt = details.RemindAt;
    }
}

/// <summary>What a task's creator and editors set, as one value for creation and for merge patches.</summary>
public sealed record TaskDetails(
    string Title,
    string? Description,
    Guid AssigneeUserId,
    DateTimeOffset DueAt,
    DateTimeOffset? RemindAt
);
