using MakCrm.Domain.Access;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Common;

/// <summary>The client, lead or deal that tasks and documents are filed on, as the caller sees it.</summary>
internal sealed class SubjectRecords(
    IClientRepository clients,
    ILeadRepository leads,
    IDealRepository deals,
    ICurrentActor actor
)
{
    /// <summary>The record's organization, or <c>null</c> when the caller does not see the record (each kind in its
    /// own read scope: head office with <c>*.read.all</c> sees every organization's).</summary>
    public async Task<Guid?> OrganizationOfAsync(TaskSubjectType type, Guid id, CancellationToken cancellationToken) =>
        type switch
        {
            TaskSubjectType.Client => (
                await clients.FindAsync(
                    id,
                    DataScope.For(actor, Permissions.ClientsReadAll),
                    RowLock.None,
                    cancellationToken
                )
            )?.OrganizationId,
            TaskSubjectType.Lead => (
                await leads.FindAsync(id, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken)
            )?.OrganizationId,
            TaskSubjectType.Deal => (
                await deals.FindAsync(id, DataScope.For(actor, Permissions.DealsReadAll), cancellationToken)
            )?.OrganizationId,
            _ => null,
        };
}
