using MakCrm.Application.Common;
using MakCrm.Application.Tasks;
using MakCrm.Domain.Tasks;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A to-do on a client, lead or deal (schema <c>TaskItem</c>: <c>Task</c> would collide with the clients' own Task types).</summary>
public sealed partial record TaskItem
{
    public static TaskItem From(TaskDto dto) => new(
        dto.Id, dto.OrganizationId, dto.SubjectType, dto.SubjectId, dto.Title, dto.Description, dto.AssigneeUserId, dto.AssigneeUser!, dto.DueAt,
        dto.RemindAt, dto.DoneAt, dto.DoneBy, dto.DoneByUser, dto.CreatedBy, dto.CreatedByUser, dto.ReminderSentAt, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed partial record TaskPage
{
    public static TaskPage From(Page<TaskDto> page) => new(page.Items.Select(TaskItem.From).ToList(), page.NextCursor);
}
