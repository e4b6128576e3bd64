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
/// Applies amoCRM's records of linked leads or contacts to MaK, for the live sync's inbox and poll, the import's
/// catch-up and a dead letter's retry alike: each record's values in MaK's terms (a value the mapping does not name or
/// MaK does not take is left out), applied through <see cref="AmoCrmLeadSync"/> or <see cref="AmoCrmClientSync"/> in
/// one unit of work for the records the same amoCRM user changed last, in a scope acting for head office as the MaK
/// user that amoCRM user is mapped to. When MaK refuses one of them, that unit of work writes nothing and its records
/// are applied one at a time, so that only the refused ones are left out.
/// </summary>
[Singleton]
public sealed class AmoCrmRecordChanges(IServiceScopeFactory scopes)
{
    /// <summary>The leads' statuses, responsible users and amounts; <paramref name="records"/> pairs each MaK lead
    /// with amoCRM's record of the lead linked to it.</summary>
    public Task<AmoCrmApplied> ApplyLeadsAsync(
        long accountId,
        StoredAmoCrmMapping mapping,
        IReadOnlyList<(Guid LeadId, JsonObject Record)> records,
        CancellationToken cancellationToken
    ) =>
        ApplyAsync<AmoCrmLeadSync>(
            accountId,
            mapping,
            [.. records.Select(r => (r.Record, Values(r.Record, r.LeadId, LeadValues(r.Record, mapping))))],
            cancellationToken
        );

    /// <summary>The contacts' names (when one a client may have), their first phones and first e-mails MaK takes
    /// (none: left out, so a contact whose phones were all cleared keeps the client's); <paramref name="records"/>
    /// pairs each MaK client with amoCRM's record of the contact linked to it.</summary>
    public Task<AmoCrmApplied> ApplyContactsAsync(
        long accountId,
        StoredAmoCrmMapping mapping,
        IReadOnlyList<(Guid ClientId, JsonObject Record)> records,
        CancellationToken cancellationToken
    ) =>
        ApplyAsync<AmoCrmClientSync>(
            accountId,
            mapping,
            [.. records.Select(r => (r.Record, Values(r.Record, r.ClientId, ContactValues(r.Record, mapping))))],
            cancellationToken
        );

    private async Task<AmoCrmApplied> ApplyAsync<TSync>(
        long accountId,
        StoredAmoCrmMapping mapping,
        IReadOnlyList<(JsonObject Record, AmoCrmRecordValues Values)> records,
        CancellationToken cancellationToken
    )
        where TSync : AmoCrmRecordSync
    {
        var (changed, refused) = (0, new Dictionary<long, Error>());
        foreach (var byEditor in records.GroupBy(r => Editor(mapping, r.Record)))
        {
            List<AmoCrmRecordValues> values = [.. byEditor.Select(r => r.Values).OrderBy(v => v.AmoId)];
            var together = await ApplyAsync<TSync>(accountId, byEditor.Key, values, cancellationToken);
            if (together.IsSuccess || values.Count == 1)
            {
                Count(together, values[0]);
                continue;
            }

            foreach (var one in values)
            {
                Count(await ApplyAsync<TSync>(accountId, byEditor.Key, [one], cancellationToken), one);
            }
        }

        return new AmoCrmApplied(changed, refused);

        void Count(Result<int> applied, AmoCrmRecordValues record)
        {
            if (applied.IsSuccess)
            {
                changed += applied.Value;
            }
            else
            {
                refused[record.AmoId] = applied.Error!;
            }
        }
    }

    private async Task<Result<int>> ApplyAsync<TSync>(
        long accountId,
        Guid? editor,
        List<AmoCrmRecordValues> records,
        CancellationToken cancellationToken
    )
        where TSync : AmoCrmRecordSync
    {
        await using var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(Organization.HeadOfficeId, editor, null, []));
        return await scope
            .ServiceProvider.GetRequiredService<TSync>()
            .ApplyAsync(accountId, records, cancellationToken);
    }

    /// <summary>A lead's status, responsible user and amount in MaK's terms, each one the mapping names.</summary>
    internal static Dictionary<string, string?> LeadValues(JsonObject record, StoredAmoCrmMapping mapping)
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

        return amo;
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

    /// <summary>The MaK user the amoCRM user who last changed the record is mapped to, if any.</summary>
    private static Guid? Editor(StoredAmoCrmMapping mapping, JsonObject record) =>
        mapping.Users.FirstOrDefault(u => u.AmoUserId == AmoCrmReader.Long(record["updated_by"]))?.UserId;

    private static AmoCrmRecordValues Values(JsonObject record, Guid makId, Dictionary<string, string?> values) =>
        new(
            AmoCrmReader.Long(record["id"]),
            makId,
            values,
            DateTimeOffset.FromUnixTimeSeconds(AmoCrmReader.Long(record["updated_at"]))
        );
}

/// <summary>What applying amoCRM's records did: how many MaK records changed, and the records MaK refused (by amoCRM
/// id) with the reason.</summary>
public sealed record AmoCrmApplied(int Changed, IReadOnlyDictionary<long, Error> Refused);
