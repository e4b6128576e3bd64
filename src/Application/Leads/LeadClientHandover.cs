using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Leads;

/// <summary>
/// The client a lead should point at when it moves to another organization (won at auction, assigned by rotation,
/// back to head office, returned): every organization keeps its own client records, so the lead takes the new owner's
/// client with the same phone, or a copy of the current one — a new client of that organization, announced as any
/// other (<c>client.created</c>).
/// </summary>
public sealed class LeadClientHandover(IClientRepository clients, IEventOutbox events, TimeProvider clock)
{
    private readonly Dictionary<Guid, Client> _copies = [];

    public async Task<Guid> ClientForAsync(
        Guid clientId,
        Guid organizationId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var current =
            await clients.FindAsync(clientId, DataScope.All, RowLock.None, cancellationToken)
            ?? throw new InvalidOperationException($"Client {clientId} of a lead being handed over is missing.");
        if (current.OrganizationId == organizationId)
        {
            return current.Id;
        }

        if (await clients.FindByPhoneAsync(organizationId, current.Phone, cancellationToken) is { } theirs)
        {
            return theirs.Id;
        }

        var copy = Client.Create(clock.NewId(), organizationId, current.Details, now);
        clients.Add(copy);
        _copies[copy.Id] = copy;
        events.Raise(EventPayloads.ClientCreated, copy.OrganizationId, copy.Id, ClientDto.From(copy));
        return copy.Id;
    }

    /// <summary>The summary of a lead's client after a handover, a copy made here and not saved yet included.</summary>
    public async Task<Contracts.ClientSummary?> SummaryAsync(Guid clientId, CancellationToken cancellationToken) =>
        _copies.TryGetValue(clientId, out var copy)
            ? new Contracts.ClientSummary(copy.Id, copy.FullName, copy.Phone)
            : await clients.SummaryAsync(clientId, DataScope.All, cancellationToken);
}
