using MakCrm.Domain.Access;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Deals;

/// <summary>The checks of what a deal points at, shared by creating, changing and moving deals.</summary>
internal sealed class DealLinks(
    IClientRepository clients,
    ILeadRepository leads,
    IPipelineRepository pipelines,
    Assignees assignees,
    BorrowerChecks.BorrowerCheckGate checks,
    ICurrentActor actor
)
{
    /// <summary>A deal that names a bank other than <paramref name="currentBank"/> sends the client there: head
    /// office's policy may require recent clear checks first (<see cref="LeadStep.Bank"/>).</summary>
    public async Task<Error?> CheckBankAsync(
        string? bank,
        string? currentBank,
        Guid clientId,
        CancellationToken cancellationToken
    ) =>
        Deal.BankName(bank) is { } named && !string.Equals(named, currentBank, StringComparison.Ordinal)
            ? await checks.RefusalAsync(clientId, LeadStep.Bank, cancellationToken)
            : null;

    /// <summary>The client must be one the caller sees; the share lock keeps it from being deleted until the deal is
    /// committed.</summary>
    public async Task<Error?> CheckClientAsync(Guid clientId, CancellationToken cancellationToken) =>
        await clients.FindAsync(
            clientId,
            DataScope.For(actor, Permissions.ClientsReadAll),
            RowLock.Share,
            cancellationToken
        )
            is null
            ? Error.Validation("clientId", $"No client has the id {clientId}.")
            : null;

    /// <summary>The lead, when there is one, must be one the caller sees, of the deal's client.</summary>
    public async Task<Error?> CheckLeadAsync(Guid? leadId, Guid clientId, CancellationToken cancellationToken)
    {
        if (leadId is not { } id)
        {
            return null;
        }

        var lead = await leads.FindAsync(id, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken);
        return lead is null ? Error.Validation("leadId", $"No lead has the id {id}.")
            : lead.ClientId != clientId ? Error.Validation("leadId", "Must be a lead of the deal's client.")
            : null;
    }

    /// <summary>The responsible user, when there is one, must be whom a deal of the organization may be given to
    /// (<see cref="Assignees"/>).</summary>
    public async Task<Error?> CheckResponsibleAsync(
        Guid? userId,
        Guid dealOrganizationId,
        CancellationToken cancellationToken
    ) =>
        userId is { } id
            ? (
                await assignees.FindAsync(
                    id,
                    AssignedRecord.Deal,
                    dealOrganizationId,
                    "responsibleUserId",
                    cancellationToken
                )
            ).Error
            : null;

    /// <summary>A stage of a pipeline that is not archived, share-locked so that it stays until the deal is committed
    /// in it.</summary>
    public async Task<Result<PipelineStage>> FindTargetStageAsync(Guid stageId, CancellationToken cancellationToken)
    {
        var stage = await pipelines.FindStageAsync(stageId, cancellationToken);
        if (stage is null)
        {
            return Error.Validation("stageId", $"No pipeline stage has the id {stageId}.");
        }

        return await pipelines.IsArchivedAsync(stage.PipelineId, cancellationToken)
            ? Error.Validation("stageId", "Is a stage of an archived pipeline.")
            : stage;
    }
}
