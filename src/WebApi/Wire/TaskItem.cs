using MakCrm.Application.Common;
using MakCrm.Application.Tasks;
using MakCrm.Contracts;
using MakCrm.Domain.Tasks;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class TaskItemMappings
{
    /// <summary>A to-do on a client, lead or deal (schema <c>TaskItem</c>: <c>Task</c> would collide with the clients' own Task types).</summary>
    extension(TaskItem)
    {
        public static TaskItem From(TaskDto dto) => new(
            dto.Id, dto.OrganizationId, dto.SubjectType, dto.SubjectId, dto.Title, dto.Description, dto.AssigneeUserId, dto.AssigneeUser!, dto.DueAt,
            dto.RemindAt, dto.DoneAt, dto.DoneBy, dto.DoneByUser, dto.CreatedBy, dto.CreatedByUser, dto.ReminderSentAt, dto.CreatedAt, dto.UpdatedAt, dto.Version);
    }
}
