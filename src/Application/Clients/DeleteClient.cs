using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Clients;

public sealed record DeleteClientCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DeleteClientHandler(
    IClientRepository clients,
    ILeadRepository leads,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DeleteClientCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteClientCommand command, CancellationToken cancellationToken)
    {
        // The update lock makes a concurrent "create lead for this client" wait, so no lead is left without its client.
        var client = await clients.FindAsync(
            command.Id,
            DataScope.For(actor, Permissions.ClientsReadAll),
            RowLock.Update,
            cancellationToken
        );
        if (client is null)
        {
            return Error.NotFound("Client", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(client.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        var leadCount = await leads.CountForClientAsync(client.Id, cancellationToken);
        var deleted = client.Delete(leadCount, clock.UtcNowMicroseconds());
        if (deleted.IsSuccess)
        {
            events.RaiseDeleted(EventPayloads.ClientDeleted, client.OrganizationId, client.Id, client.Version);
        }

        return deleted;
    }
}
