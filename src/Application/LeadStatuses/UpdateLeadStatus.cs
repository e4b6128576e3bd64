using MakCrm.Domain.Leads;

namespace MakCrm.Application.LeadStatuses;

/// <summary>A merge patch of a status; the code cannot change. A new order moves the other statuses to keep
/// 1..n.</summary>
public sealed record UpdateLeadStatusCommand(
    string Code,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<string> Color,
    Patch<LeadStatusKind> Kind,
    Patch<int> Order,
    Patch<IReadOnlyList<string>> Transitions,
    Patch<bool> Initial,
    Patch<IReadOnlyList<string>> AllowedRoles
) : ICommand<LeadStatusDto>;

internal sealed class UpdateLeadStatusValidator : AbstractValidator<UpdateLeadStatusCommand>
{
    public UpdateLeadStatusValidator()
    {
        When(c => c.Name.IsPresent, () => RuleFor(c => c.Name.Value).ValidStatusName().OverridePropertyName("name"));
        When(c => c.Color.IsPresent, () => RuleFor(c => c.Color.Value).ValidColor().OverridePropertyName("color"));
        When(c => c.Kind.IsPresent, () => RuleFor(c => c.Kind.Value).Defined().OverridePropertyName("kind"));
        When(c => c.Order.IsPresent, () => RuleFor(c => c.Order.Value).ValidOrder().OverridePropertyName("order"));
        When(
            c => c.Transitions.IsPresent,
            () => RuleFor(c => c.Transitions.Value).ValidTransitionList().OverridePropertyName("transitions")
        );
        When(
            c => c.AllowedRoles.IsPresent,
            () => RuleFor(c => c.AllowedRoles.Value).ValidRoleList().OverridePropertyName("allowedRoles")
        );
    }
}

internal sealed class UpdateLeadStatusHandler(ILeadStatusRepository statuses, TimeProvider clock)
    : ICommandHandler<UpdateLeadStatusCommand, LeadStatusDto>
{
    public async Task<Result<LeadStatusDto>> Handle(
        UpdateLeadStatusCommand command,
        CancellationToken cancellationToken
    )
    {
        var ordered = await statuses.LockAllAsync(cancellationToken);
        if (ordered.Find(s => s.Code == command.Code) is not { } status)
        {
            return LeadStatusRules.NotFound(command.Code);
        }

        var precondition = command.IfMatch.IfPresent(status.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = status.Details;
        var details = new LeadStatusDetails(
            command.Name.Or(current.Name),
            command.Color.Or(current.Color),
            command.Kind.Or(current.Kind),
            command.Transitions.Or(current.Transitions),
            command.Initial.Or(current.Initial),
            command.AllowedRoles.Or(current.AllowedRoles)
        );
        if (
            command.Transitions.IsPresent
            && LeadStatusRules.CheckTransitions(status.Code, details.Transitions, ordered) is { } invalid
        )
        {
            return invalid;
        }

        if (command.Order.IsPresent && command.Order.Value > ordered.Count)
        {
            return LeadStatusRules.OrderOutOfRange(ordered.Count);
        }

        var now = clock.UtcNowMicroseconds();
        status.Update(details, now);
        if (command.Order.IsPresent)
        {
            LeadStatusRules.Arrange(ordered, status, command.Order.Value, now);
        }

        return LeadStatusDto.From(status);
    }
}
