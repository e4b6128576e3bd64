using MakCrm.Domain.Access;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Tasks;

/// <summary>A JSON merge patch of a task: absent fields stay; description and remindAt are cleared by null.</summary>
public sealed record UpdateTaskCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<string?> Description,
    Patch<Guid> AssigneeUserId,
    Patch<DateTimeOffset> DueAt,
    Patch<DateTimeOffset?> RemindAt
) : ICommand<TaskDto>;

internal sealed class UpdateTaskValidator : AbstractValidator<UpdateTaskCommand>
{
    public UpdateTaskValidator()
    {
        When(
            c => c.Title.IsPresent,
            () => RuleFor(c => c.Title.Value).RequiredText(CrmTask.MaxTitleLength).OverridePropertyName("title")
        );
        When(
            c => c.Description.IsPresent,
            () =>
                RuleFor(c => c.Description.Value)
                    .OptionalText(CrmTask.MaxDescriptionLength)
                    .OverridePropertyName("description")
        );
        When(
            c => c.AssigneeUserId.IsPresent,
            () =>
                RuleFor(c => c.AssigneeUserId.Value)
                    .NotEqual(Guid.Empty)
                    .WithMessage("Must be a user's id.")
                    .OverridePropertyName("assigneeUserId")
        );
    }
}

internal sealed class UpdateTaskHandler(
    ITaskRepository tasks,
    TaskAssignment assignment,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateTaskCommand, TaskDto>
{
    public async Task<Result<TaskDto>> Handle(UpdateTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await tasks.FindAsync(command.Id, DataScope.For(actor, Permissions.TasksReadAll), cancellationToken);
        if (task is null)
        {
            return Error.NotFound("Task", command.Id);
        }

        var precondition = command.IfMatch.Require(task.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = task.Details;
        var organizationId = task.OrganizationId;
        var reassigned = command.AssigneeUserId.IsPresent && command.AssigneeUserId.Value != current.AssigneeUserId;
        if (reassigned)
        {
            var assignee = await assignment.FindAssigneeAsync(command.AssigneeUserId.Value, cancellationToken);
            if (!assignee.IsSuccess)
            {
                return assignee.Error!;
            }

            organizationId = assignee.Value.OrganizationId;
        }

        var updated = task.Update(
            new TaskDetails(
                command.Title.Or(current.Title),
                command.Description.Or(current.Description),
                command.AssigneeUserId.Or(current.AssigneeUserId),
                command.DueAt.IsPresent ? command.DueAt.Value.ToUniversalTime() : current.DueAt,
                command.RemindAt.IsPresent ? command.RemindAt.Value?.ToUniversalTime() : current.RemindAt
            ),
            organizationId,
            clock.UtcNowMicroseconds()
        );
        if (!updated.IsSuccess)
        {
            return updated.Error!;
        }

        if (reassigned)
        {
            await assignment.NotifyAssigneeAsync(task, cancellationToken);
            assignment.RaiseAssigned(task);
        }

        return TaskDto.From(task);
    }
}
