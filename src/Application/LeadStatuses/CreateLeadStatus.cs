using MakCrm.Domain.Leads;

namespace MakCrm.Application.LeadStatuses;

/// <param name="Order">Where in the funnel (1-based); the statuses from there on move one down. Absent: last.</param>
public sealed record CreateLeadStatusCommand(
    string Code,
    string Name,
    string Color,
    LeadStatusKind Kind,
    int? Order,
    IReadOnlyList<string> Transitions,
    bool Initial,
    IReadOnlyList<string> AllowedRoles
) : ICommand<LeadStatusDto>;

internal sealed class CreateLeadStatusValidator : AbstractValidator<CreateLeadStatusCommand>
{
    public CreateLeadStatusValidator()
    {
        RuleFor(c => c.Code)
            .Matches($"^[a-z][a-z0-9_]{{0,{LeadStatus.MaxCodeLength - 1}}}$")
            .WithMessage(
                $"Must be snake_case: a lowercase letter, then lowercase letters, digits or _, at most "
                    + $"{LeadStatus.MaxCodeLength} characters."
            );
        RuleFor(c => c.Name).ValidStatusName();
        RuleFor(c => c.Color).ValidColor();
        RuleFor(c => c.Kind).Defined();
        RuleFor(c => c.Order!.Value).ValidOrder().OverridePropertyName("order").When(c => c.Order is not null);
        RuleFor(c => c.Transitions).ValidTransitionList();
        RuleFor(c => c.AllowedRoles).ValidRoleList();
    }
}

internal sealed class CreateLeadStatusHandler(ILeadStatusRepository statuses, TimeProvider clock)
    : ICommandHandler<CreateLeadStatusCommand, LeadStatusDto>
{
    public async Task<Result<LeadStatusDto>> Handle(
        CreateLeadStatusCommand command,
        CancellationToken cancellationToken
    )
    {
        var ordered = await statuses.LockAllAsync(cancellationToken);
        if (await statuses.CodeEverUsedAsync(command.Code, cancellationToken))
        {
            return new Error(
                ErrorCodes.LeadStatusCodeTaken,
                $"A lead status had or has the code '{command.Code}'; codes are never reused.",
                ErrorKind.Conflict
            );
        }

        if (LeadStatusRules.CheckTransitions(command.Code, command.Transitions, ordered) is { } invalid)
        {
            return invalid;
        }

        var position = command.Order ?? ordered.Count + 1;
        if (position > ordered.Count + 1)
        {
            return LeadStatusRules.OrderOutOfRange(ordered.Count + 1);
        }

        var now = clock.UtcNowMicroseconds();
        var status = LeadStatus.Create(
            clock.NewId(),
            command.Code,
            new LeadStatusDetails(
                command.Name,
                command.Color,
                command.Kind,
                command.Transitions,
                command.Initial,
                command.AllowedRoles
            ),
            position,
            now
        );
        statuses.Add(status);
        LeadStatusRules.Arrange(ordered, status, position, now);
        return LeadStatusDto.From(status);
    }
}
