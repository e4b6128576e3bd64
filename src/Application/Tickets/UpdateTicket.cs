using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Help;

namespace MakCrm.Application.Tickets;

/// <summary>Support's JSON merge patch of a ticket: status, assignee (null: nobody) and priority; absent fields
/// stay.</summary>
public sealed record UpdateTicketCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<TicketStatus> Status,
    Patch<Guid?> AssigneeUserId,
    Patch<TicketPriority> Priority
) : ICommand<TicketDto>;

internal sealed class UpdateTicketValidator : AbstractValidator<UpdateTicketCommand>
{
    public UpdateTicketValidator()
    {
        When(c => c.Status.IsPresent, () => RuleFor(c => c.Status.Value).Defined().OverridePropertyName("status"));
        When(
            c => c.Priority.IsPresent,
            () => RuleFor(c => c.Priority.Value).Defined().OverridePropertyName("priority")
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

internal sealed class UpdateTicketHandler(
    ITicketRepository tickets,
    TicketWork work,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateTicketCommand, TicketDto>
{
    public async Task<Result<TicketDto>> Handle(UpdateTicketCommand command, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(command.Id, TicketCatalog.ScopeOf(actor), cancellationToken);
        if (ticket is null)
        {
            return TicketCatalog.NotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(ticket.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        if (
            command.AssigneeUserId is { IsPresent: true, Value: { } assignee }
            && assignee != ticket.AssigneeUserId
            && await work.CheckAssigneeAsync(assignee, cancellationToken) is { } invalid
        )
        {
            return invalid;
        }

        var now = clock.UtcNowMicroseconds();
        var statusChanged = false;
        if (command.Status.IsPresent)
        {
            var changed = ticket.ChangeStatus(command.Status.Value, now);
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            statusChanged = changed.Value;
        }

        var reassigned = command.AssigneeUserId.IsPresent && ticket.Assign(command.AssigneeUserId.Value, now);
        var reprioritized = command.Priority.IsPresent && ticket.ChangePriority(command.Priority.Value, now);

        if (statusChanged)
        {
            await work.NotifyStatusChangedAsync(ticket, cancellationToken);
        }

        if (reassigned)
        {
            await work.NotifyAssignedAsync(ticket, cancellationToken);
        }

        var updated = TicketDto.From(ticket);
        if (statusChanged || reassigned || reprioritized)
        {
            events.Raise(EventPayloads.TicketUpdated, ticket.OrganizationId, ticket.Id, updated);
        }

        return updated;
    }
}
