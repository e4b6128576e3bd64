using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>
/// Writes what the intake creates — the new lead with its history and, when the intake made one, its new client — at
/// once, in the unit of work's transaction and with their audit lines, but without the change tracker: lead creation is
/// the API's busiest write. So the intake's lead and client are written, not added: nothing may change them through
/// the unit of work afterwards in the same request.
/// </summary>
public interface ILeadIntakeWriter
{
    Task WriteAsync(Client? newClient, Lead lead, CancellationToken cancellationToken);
}
