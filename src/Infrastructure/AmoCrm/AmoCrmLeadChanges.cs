using System.Globalization;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.AmoCrm;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Applies amoCRM's record of a linked lead to MaK, for the live sync's inbox, the import's catch-up and a dead
/// letter's retry alike: the record's status, responsible user and amount in MaK's terms (a status or user the mapping
/// does not name, or an amount MaK does not take, is left out), through <see cref="AmoCrmLeadSync"/> in a scope of its
/// own acting for head office as the MaK user the amoCRM user who last changed the record is mapped to.
/// </summary>
[Singleton]
public sealed class AmoCrmLeadChanges(IServiceScopeFactory scopes)
{
    /// <returns>Whether MaK's lead changed; a failure when MaK refused amoCRM's values.</returns>
    public async Task<Result<bool>> ApplyAsync(
        long accountId,
        StoredAmoCrmMapping mapping,
        long amoId,
        Guid leadId,
        JsonObject record,
        CancellationToken cancellationToken
    )
    {
        var lead = AmoCrmReader.Lead(record);
        var amo = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (
            mapping
                .Statuses.FirstOrDefault(s => s.AmoPipelineId == lead.PipelineId && s.AmoStatusId == lead.StatusId)
                ?.LeadStatus is
            { } status
        )
        {
            amo[LeadHistoryFields.Status] = status;
        }

        if (mapping.Users.FirstOrDefault(u => u.AmoUserId == lead.ResponsibleUserId) is { } user)
        {
            amo[LeadHistoryFields.ResponsibleUserId] = user.UserId.ToString();
        }

        var amountField = AmoCrmRecordImporter.AmountField(mapping);
        if (AmoCrmRecordImporter.Amount(record, lead, amountField) is (var amount, null))
        {
            amo[LeadHistoryFields.RequestedAmount] = amount?.ToString("0.00", CultureInfo.InvariantCulture);
        }

        var editor = mapping.Users.FirstOrDefault(u => u.AmoUserId == AmoCrmReader.Long(record["updated_by"]))?.UserId;
        await using var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(Organization.HeadOfficeId, editor, null, []));
        return await scope
            .ServiceProvider.GetRequiredService<AmoCrmLeadSync>()
            .ApplyAsync(
                accountId,
                amoId,
                leadId,
                amo,
                DateTimeOffset.FromUnixTimeSeconds(AmoCrmReader.Long(record["updated_at"])),
                cancellationToken
            );
    }
}
