namespace MakCrm.Application.Clients;

/// <summary>
/// The client summary of a lead or a deal that a command answers with (lists and reads get it in their own query):
/// one lookup, within <see cref="ClientSummaryScope"/>.
/// </summary>
public sealed class ClientSummaryLookup(IClientRepository clients, ICurrentActor actor)
{
    public async Task<Contracts.ClientSummary?> ForAsync(Guid clientId, CancellationToken cancellationToken) =>
        ClientSummaryScope.For(actor) is { } scope
            ? await clients.SummaryAsync(clientId, scope, cancellationToken)
            : null;
}
