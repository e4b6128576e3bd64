using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Tasks;

public sealed record TaskDto(
    Guid Id,
    Guid OrganizationId,
    TaskSubjectType SubjectType,
    Guid SubjectId,
    string Title,
    string? Description,
    Guid AssigneeUserId,
    DateTimeOffset DueAt,
    DateTimeOffset? RemindAt,
    DateTimeOffset? DoneAt,
    Guid? DoneBy,
    Guid? CreatedBy,
    DateTimeOffset? ReminderSentAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned, INamesUsers, IAnswersAs<Contracts.TaskItem>
{
    /// <summary>The assignee with their name; filled by the pipeline (<see cref="INamesUsers"/>), as are the two
    /// below.</summary>
    public Contracts.UserRef? AssigneeUser { get; init; }

    public Contracts.UserRef? DoneByUser { get; init; }

    public Contracts.UserRef? CreatedByUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [AssigneeUserId, DoneBy, CreatedBy];

    public object WithNames(UserNames names) =>
        this with
        {
            AssigneeUser = names.Of(AssigneeUserId),
            DoneByUser = names.Of(DoneBy),
            CreatedByUser = names.Of(CreatedBy),
        };

    Contracts.TaskItem IAnswersAs<Contracts.TaskItem>.ToRecord() => Contracts.TaskItem.From(this);

    public static TaskDto From(CrmTask t) =>
        new(
            t.Id,
            t.OrganizationId,
            t.SubjectType,
            t.SubjectId,
            t.Title,
            t.Description,
            t.AssigneeUserId,
            t.DueAt,
            t.RemindAt,
            t.DoneAt,
            t.DoneBy,
            t.CreatedBy,
            t.ReminderSentAt,
            t.CreatedAt,
            t.UpdatedAt,
            t.Version
        );
}

public enum TaskSortField
{
    DueAt,
    CreatedAt,
}

public sealed record TaskFilter(
    Guid? AssigneeUserId,
    TaskSubjectType? SubjectType,
    Guid? SubjectId,
    bool? Done,
    DateTimeOffset? DueFrom,
    DateTimeOffset? DueTo,
    bool? Overdue,
    DateTimeOffset Now,
    string? Search = null,
    CreatedWindow? Created = null
);

public sealed record TaskListCriteria(
    DataScope Scope,
    TaskFilter Filter,
    SortOption<TaskSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class TaskSorts
{
    public static SortCatalog<TaskSortField, TaskDto> Catalog { get; } =
        new(
            "tasks",
            "dueAt",
            ("dueAt", TaskSortField.DueAt, typeof(DateTimeOffset), t => t.DueAt),
            ("createdAt", TaskSortField.CreatedAt, typeof(DateTimeOffset), t => t.CreatedAt)
        );
}

/// <summary>
/// A to-do as the API answers it (schema <c>TaskItem</c>: <c>Task</c> would collide with the clients' own Task types).
/// </summary>
public static class TaskAnswers
{
    extension(Contracts.TaskItem)
    {
        public static Contracts.TaskItem From(TaskDto dto) =>
            new(
                dto.Id,
                dto.OrganizationId,
                dto.SubjectType,
                dto.SubjectId,
                dto.Title,
                dto.Description,
                dto.AssigneeUserId,
                dto.AssigneeUser!,
                dto.DueAt,
                dto.RemindAt,
                dto.DoneAt,
                dto.DoneBy,
                dto.DoneByUser,
                dto.CreatedBy,
                dto.CreatedByUser,
                dto.ReminderSentAt,
                dto.CreatedAt,
                dto.UpdatedAt,
                dto.Version
            );
    }
}
