using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Leads;

public sealed record DeleteLeadCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DeleteLeadHandler(
    ILeadRepository leads,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DeleteLeadCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(command.Id, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken);
        if (lead is null)
        {
            return Error.NotFound("Lead", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(lead.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        lead.Delete(clock.UtcNowMicroseconds());
        events.RaiseDeleted(EventPayloads.LeadDeleted, lead.OrganizationId, lead.Id, lead.Version);
        return Unit.Value;
    }
}
