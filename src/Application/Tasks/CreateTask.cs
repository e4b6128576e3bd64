using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Tasks;

/// <param name="AssigneeUserId">Null: the caller (a user) takes the task.</param>
public sealed record CreateTaskCommand(
    TaskSubjectType SubjectType,
    Guid SubjectId,
    string Title,
    string? Description,
    Guid? AssigneeUserId,
    DateTimeOffset DueAt,
    DateTimeOffset? RemindAt
) : ICommand<TaskDto>;

internal sealed class CreateTaskValidator : AbstractValidator<CreateTaskCommand>
{
    public CreateTaskValidator()
    {
        RuleFor(c => c.SubjectType).Defined();
        RuleFor(c => c.SubjectId).NotEmpty().WithMessage("Must be the subject's id.");
        RuleFor(c => c.Title).RequiredText(CrmTask.MaxTitleLength);
        RuleFor(c => c.Description).OptionalText(CrmTask.MaxDescriptionLength);
        RuleFor(c => c.AssigneeUserId).NotEqual(Guid.Empty).WithMessage("Must be a user's id.");
    }
}

internal sealed class CreateTaskHandler(
    ITaskRepository tasks,
    TaskAssignment assignment,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateTaskCommand, TaskDto>
{
    public async Task<Result<TaskDto>> Handle(CreateTaskCommand command, CancellationToken cancellationToken)
    {
        if (
            await assignment.CheckSubjectAsync(command.SubjectType, command.SubjectId, cancellationToken) is
            { } subjectError
        )
        {
            return subjectError;
        }

        if ((command.AssigneeUserId ?? actor.UserId) is not { } assigneeId)
        {
            return Error.Validation("assigneeUserId", "An API client has no user to take the task: name the assignee.");
        }

        var assignee = await assignment.FindAssigneeAsync(assigneeId, cancellationToken);
        if (!assignee.IsSuccess)
        {
            return assignee.Error!;
        }

        var details = new TaskDetails(
            command.Title,
            command.Description,
            assigneeId,
            command.DueAt.ToUniversalTime(),
            command.RemindAt?.ToUniversalTime()
        );
        var created = CrmTask.Create(
            clock.NewId(),
            assignee.Value.OrganizationId,
            command.SubjectType,
            command.SubjectId,
            details,
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        tasks.Add(created.Value);
        await assignment.NotifyAssigneeAsync(created.Value, cancellationToken);
        assignment.RaiseCreated(created.Value);
        return TaskDto.From(created.Value);
    }
}
