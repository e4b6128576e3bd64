using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Leads;

/// <summary>
/// The client a lead should point at when it moves to another organization (won at auction, assigned by rotation,
/// back to head office, returned): every organization keeps its own client records, so the lead takes the new owner's
/// client with the same phone, or a copy of the current one.
/// </summary>
public sealed class LeadClientHandover(IClientRepository clients, TimeProvider clock)
{
    public async Task<Guid> ClientForAsync(Guid clientId, Guid organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await clients.FindAsync(clientId, DataScope.All, RowLock.None, cancellationToken)
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
        return copy.Id;
    }
}
