using System.Globalization;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.AmoCrm;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Applies amoCRM's record of a linked lead or contact to MaK, for the live sync's inbox, the import's catch-up and a
/// dead letter's retry alike: the record's values in MaK's terms (a value the mapping does not name or MaK does not
/// take is left out), through <see cref="AmoCrmLeadSync"/> or <see cref="AmoCrmClientSync"/> in a scope of its own
/// acting for head office as the MaK user the amoCRM user who last changed the record is mapped to.
/// </summary>
[Singleton]
public sealed class AmoCrmRecordChanges(IServiceScopeFactory scopes)
{
    /// <summary>A lead's status, responsible user and amount.</summary>
    /// <returns>Whether MaK's lead changed; a failure when MaK refused amoCRM's values.</returns>
    public async Task<Result<bool>> ApplyLeadAsync(
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

        await using var scope = ActingFor(mapping, record);
        return await scope
            .ServiceProvider.GetRequiredService<AmoCrmLeadSync>()
            .ApplyAsync(accountId, amoId, leadId, amo, UpdatedAt(record), cancellationToken);
    }

    /// <summary>A contact's name (when it is one a client may have), its first phone and its first e-mail MaK takes
    /// (none: left out, so a contact whose phones were all cleared keeps the client's).</summary>
    /// <returns>Whether MaK's client changed; a failure when MaK refused amoCRM's values.</returns>
    public async Task<Result<bool>> ApplyContactAsync(
        long accountId,
        StoredAmoCrmMapping mapping,
        long amoId,
        Guid clientId,
        JsonObject record,
        CancellationToken cancellationToken
    )
    {
        var amo = ContactValues(record, mapping);
        await using var scope = ActingFor(mapping, record);
        return await scope
            .ServiceProvider.GetRequiredService<AmoCrmClientSync>()
            .ApplyAsync(accountId, amoId, clientId, amo, UpdatedAt(record), cancellationToken);
    }

    /// <summary>A contact's values in MaK's terms: its name when it is one a client may have, its first phone and its
    /// first e-mail MaK takes; a field without such a value is left out.</summary>
    internal static Dictionary<string, string?> ContactValues(JsonObject record, StoredAmoCrmMapping mapping)
    {
        var amo = new Dictionary<string, string?>(StringComparer.Ordinal);
        var name = AmoCrmRecordImporter.ContactName(record);
        if (name.Length is > 0 and <= Client.MaxFullNameLength)
        {
            amo[AmoCrmSyncRules.FullName] = name;
        }

        var (phones, emails) = AmoCrmRecordImporter.Addresses(
            AmoCrmReader.Values(record),
            AmoCrmRecordImporter.FieldsOf(mapping, Contracts.AmoCrmEntity.Contacts, Contracts.AmoCrmFieldTarget.Phone),
            AmoCrmRecordImporter.FieldsOf(mapping, Contracts.AmoCrmEntity.Contacts, Contracts.AmoCrmFieldTarget.Email)
        );
        if (phones.Count > 0)
        {
            amo[AmoCrmSyncRules.Phone] = phones[0];
        }

        if (emails.Count > 0)
        {
            amo[AmoCrmSyncRules.Email] = emails[0];
        }

        return amo;
    }

    private AsyncServiceScope ActingFor(StoredAmoCrmMapping mapping, JsonObject record)
    {
        var editor = mapping.Users.FirstOrDefault(u => u.AmoUserId == AmoCrmReader.Long(record["updated_by"]))?.UserId;
        var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(Organization.HeadOfficeId, editor, null, []));
        return scope;
    }

    private static DateTimeOffset UpdatedAt(JsonObject record) =>
        DateTimeOffset.FromUnixTimeSeconds(AmoCrmReader.Long(record["updated_at"]));
}
