using System.Globalization;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.AmoCrm;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads.Intake;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;
using Client = MakCrm.Domain.Clients.Client;
using Lead = MakCrm.Domain.Leads.Lead;
using Organization = MakCrm.Domain.Organizations.Organization;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>A record an import could not take: the entity, amoCRM's id, the field at fault, why, and the record as
/// amoCRM answered it.</summary>
internal sealed record AmoCrmDeadLetterDraft(
    string Entity,
    long AmoId,
    string? Field,
    string Code,
    string Detail,
    string Answer
);

/// <summary>A link an import makes: the amoCRM record, the MaK record, and for a lead the synced values (as
/// <see cref="AmoCrmSyncedValues"/> writes them).</summary>
internal sealed record AmoCrmLinkDraft(string Entity, long AmoId, Guid MakId, string? Synced = null);

/// <summary>What one page of records did: counts, the links it made and its dead letters.</summary>
internal sealed class AmoCrmPageOutcome
{
    public int Read { get; set; }

    public int Created { get; set; }

    public int Linked { get; set; }

    public int Skipped { get; set; }

    /// <summary>The links the page made; a lead's with the values it was created with as the sync's last synced
    /// values, so that the sync tells a later change on either side from the import.</summary>
    public List<AmoCrmLinkDraft> Links { get; } = [];

    public List<AmoCrmDeadLetterDraft> DeadLetters { get; } = [];
}

/// <summary>
/// Applies amoCRM records to MaK inside the caller's transaction (<see cref="ImportDbContext"/>), each looked up in
/// <c>amocrm_links</c> first so that a record imported before is linked, never created twice.
/// <para>
/// A contact's phones and e-mails (the fields mapped to <c>phone</c> and <c>email</c>) are normalised by the clients'
/// value objects as every intake normalises them and matched among head office's clients by the duplicate control
/// (<see cref="IDuplicateGuard.FindClientsAsync"/>, under the intake's contact locks, for the whole page at once), the
/// phone first: a client found, or made by an earlier contact of the page, is linked; otherwise a contact with a phone
/// creates a client (source <see cref="ClientSource"/>), one without is skipped. A lead whose status is mapped to a
/// lead status and whose main contact was imported goes through the lead intake for that client, as every lead does,
/// the page's leads together (<see cref="ILeadIntake.SubmitAllAsync"/>); one the dry run would skip is skipped, and
/// one MaK refuses (its amount, or a field the intake refuses) is a dead letter naming the field. A client created
/// from a contact takes the contact's fields mapped to <c>city</c> and to client custom fields, and a lead the lead's
/// fields mapped to lead custom fields (<see cref="AmoCrmCustomFields"/>, checked as every create checks them; a
/// refusal is a dead letter naming the field). Each page is saved at once. Companies have no MaK record yet (ADR
/// 0067): they are read and counted as skipped.
/// </para>
/// </summary>
[Scoped]
internal sealed class AmoCrmRecordImporter(
    MakCrmDbContext db,
    ImportDbContext context,
    IDuplicateGuard duplicates,
    ILeadIntake intake,
    CustomFieldAccess customFields,
    TimeProvider clock
)
{
    /// <summary>The client source of clients created from amoCRM contacts.</summary>
    public const string ClientSource = "external";

    public const string Contacts = "contacts";
    public const string Companies = "companies";
    public const string Leads = "leads";

    private const string FindLinks = """
        SELECT amo_id, mak_id FROM amocrm_links WHERE account_id = $1 AND entity = $2 AND amo_id = ANY($3)
        """;

    /// <summary>The page's records applied in <paramref name="transaction"/>. A record linked before counts as
    /// linked when <paramref name="countKnown"/> (a first pass), and not at all otherwise (the catch-up).</summary>
    public async Task<AmoCrmPageOutcome> ApplyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        StoredAmoCrmMapping mapping,
        string entity,
        IReadOnlyList<JsonObject> records,
        bool countKnown,
        CancellationToken cancellationToken
    )
    {
        context.Borrow(connection);
        return await context.InTransactionAsync(
            transaction,
            () => Dispatch(connection, transaction, accountId, mapping, entity, records, countKnown, cancellationToken),
            cancellationToken
        );
    }

    /// <summary>The records applied in the unit of work's own transaction (a dead letter's retry), as a first pass
    /// applies them.</summary>
    public Task<AmoCrmPageOutcome> ApplyInTransactionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        StoredAmoCrmMapping mapping,
        string entity,
        IReadOnlyList<JsonObject> records,
        CancellationToken cancellationToken
    ) => Dispatch(connection, transaction, accountId, mapping, entity, records, true, cancellationToken);

    private async Task<AmoCrmPageOutcome> Dispatch(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        StoredAmoCrmMapping mapping,
        string entity,
        IReadOnlyList<JsonObject> records,
        bool countKnown,
        CancellationToken cancellationToken
    )
    {
        await LockLinksAsync(connection, transaction, accountId, cancellationToken);
        Func<
            NpgsqlConnection,
            NpgsqlTransaction,
            long,
            StoredAmoCrmMapping,
            IReadOnlyList<JsonObject>,
            bool,
            CancellationToken,
            Task<AmoCrmPageOutcome>
        >? apply = entity switch
        {
            Contacts => ContactsAsync,
            Leads => LeadsAsync,
            _ => null,
        };
        return apply is null
            ? new AmoCrmPageOutcome { Read = records.Count, Skipped = records.Count }
            : await apply(connection, transaction, accountId, mapping, records, countKnown, cancellationToken);
    }

    /// <summary>
    /// Takes the account's lock of links in <paramref name="transaction"/>. Whatever applies amoCRM's records (the
    /// import's pages, the sync's new leads, a dead letter's retry) and whatever creates MaK's leads in amoCRM holds
    /// it, and looks a record's link up only after taking it: so one amoCRM lead never becomes two MaK leads, and a
    /// lead MaK created in amoCRM is linked before its <c>add</c> webhook can be taken for a new one.
    /// </summary>
    internal static async Task LockLinksAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand($"SELECT {AdvisoryLocks.Exclusive("$1")}", connection, transaction);
        command.Parameters.Add(
            new NpgsqlParameter<string>
            {
                TypedValue = $"amocrm:links:{accountId.ToString(CultureInfo.InvariantCulture)}",
            }
        );
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<AmoCrmPageOutcome> ContactsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        StoredAmoCrmMapping mapping,
        IReadOnlyList<JsonObject> records,
        bool countKnown,
        CancellationToken cancellationToken
    )
    {
        var outcome = new AmoCrmPageOutcome();
        var known = await LinksAsync(
            connection,
            transaction,
            accountId,
            Contacts,
            records.Select(r => AmoCrmReader.Long(r["id"])),
            cancellationToken
        );
        var phoneFields = FieldsOf(mapping, AmoCrmEntity.Contacts, AmoCrmFieldTarget.Phone);
        var emailFields = FieldsOf(mapping, AmoCrmEntity.Contacts, AmoCrmFieldTarget.Email);
        var cityFields = FieldsOf(mapping, AmoCrmEntity.Contacts, AmoCrmFieldTarget.City);
        var clientFields = await AmoCrmCustomFields.ForAsync(
            customFields,
            mapping,
            AmoCrmEntity.Contacts,
            CustomFieldEntity.Client,
            cancellationToken
        );
        var contacts =
            new List<(
                JsonObject Record,
                long Id,
                List<string> Phones,
                List<string> Emails,
                List<AmoCrmFieldValues> Values
            )>();
        foreach (var record in records)
        {
            var id = AmoCrmReader.Long(record["id"]);
            if (known.ContainsKey(id))
            {
                Count(outcome, countKnown);
                continue;
            }

            outcome.Read++;
            var values = AmoCrmReader.Values(record);
            var (phones, emails) = Addresses(values, phoneFields, emailFields);
            if (phones.Count == 0 && emails.Count == 0)
            {
                outcome.Skipped++;
                continue;
            }

            contacts.Add((record, id, phones, emails, values));
        }

        // The page's contact locks in one statement (as the intake takes them), then head office's clients with any
        // of its phones or e-mails in one read; the clients the page makes are found by its later contacts.
        await duplicates.LockAsync(
            [.. contacts.Where(c => c.Phones.Count > 0).Select(c => new DuplicateKeys(c.Phones[0], c.Emails))],
            cancellationToken
        );
        var clients = (
            await duplicates.FindClientsAsync(
                Organization.HeadOfficeId,
                [.. contacts.SelectMany(c => c.Phones).Distinct(StringComparer.Ordinal)],
                [.. contacts.SelectMany(c => c.Emails).Distinct(StringComparer.Ordinal)],
                cancellationToken
            )
        ).ToList();
        foreach (var (record, id, phones, emails, values) in contacts)
        {
            var found =
                clients.FirstOrDefault(c => phones.Contains(c.Phone, StringComparer.Ordinal))
                ?? clients.FirstOrDefault(c => c.Email is { } e && emails.Contains(e, StringComparer.Ordinal));
            if (found is not null)
            {
                outcome.Linked++;
                outcome.Links.Add(new AmoCrmLinkDraft(Contacts, id, found.Id));
                continue;
            }

            if (phones.Count == 0)
            {
                outcome.Skipped++;
                continue;
            }

            var name = ContactName(record);
            if (name.Length is 0 or > Client.MaxFullNameLength)
            {
                outcome.DeadLetters.Add(
                    Letter(
                        Contacts,
                        record,
                        id,
                        "name",
                        Domain.Common.ErrorCodes.ValidationFailed,
                        $"A client's full name is required and at most {Client.MaxFullNameLength} characters."
                    )
                );
                continue;
            }

            var city = ValuesOf(values, cityFields).Select(v => v.Trim()).FirstOrDefault(v => v.Length > 0);
            if (city is { Length: > Client.MaxCityLength })
            {
                outcome.DeadLetters.Add(
                    Letter(
                        Contacts,
                        record,
                        id,
                        "city",
                        Domain.Common.ErrorCodes.ValidationFailed,
                        $"A client's city is at most {Client.MaxCityLength} characters."
                    )
                );
                continue;
            }

            var custom = clientFields.Read(values);
            if (!custom.IsSuccess)
            {
                outcome.DeadLetters.Add(Refused(Contacts, record, id, custom.Error!));
                continue;
            }

            var client = Client.Create(
                Guid.CreateVersion7(),
                Organization.HeadOfficeId,
                new ClientDetails(
                    name,
                    PhoneNumber.Parse(phones[0]),
                    emails.Count > 0 ? EmailAddress.Parse(emails[0]) : null,
                    city,
                    ClientSource,
                    null,
                    [],
                    null
                ),
                clock.GetUtcNow()
            );
            client.SetCustomFields(custom.Value, client.CreatedAt);
            db.Add(client);
            clients.Add(new ContactClient(client.Id, client.Phone, client.Email));
            outcome.Created++;
            outcome.Links.Add(new AmoCrmLinkDraft(Contacts, id, client.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return outcome;
    }

    private async Task<AmoCrmPageOutcome> LeadsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        StoredAmoCrmMapping mapping,
        IReadOnlyList<JsonObject> records,
        bool countKnown,
        CancellationToken cancellationToken
    )
    {
        var outcome = new AmoCrmPageOutcome();
        var leads = records.Select(r => (Record: r, Lead: AmoCrmReader.Lead(r))).ToList();
        var known = await LinksAsync(
            connection,
            transaction,
            accountId,
            Leads,
            leads.Select(l => l.Lead.Id),
            cancellationToken
        );
        var contacts = await LinksAsync(
            connection,
            transaction,
            accountId,
            Contacts,
            leads.Select(l => l.Lead.MainContactId).OfType<long>(),
            cancellationToken
        );
        var amountField = AmountField(mapping);
        var leadFields = await AmoCrmCustomFields.ForAsync(
            customFields,
            mapping,
            AmoCrmEntity.Leads,
            CustomFieldEntity.Lead,
            cancellationToken
        );
        var submitted = new List<(JsonObject Record, long Id, LeadSubmission Submission)>();
        foreach (var (record, lead) in leads)
        {
            if (known.ContainsKey(lead.Id))
            {
                Count(outcome, countKnown);
                continue;
            }

            outcome.Read++;
            var status = mapping.Statuses.FirstOrDefault(s =>
                s.AmoPipelineId == lead.PipelineId && s.AmoStatusId == lead.StatusId
            );
            if (
                status is null
                || lead.MainContactId is not { } contactId
                || !contacts.TryGetValue(contactId, out var clientId)
            )
            {
                outcome.Skipped++;
                continue;
            }

            if (status.LeadStatus is not { } leadStatus)
            {
                outcome.DeadLetters.Add(
                    Letter(
                        record,
                        lead.Id,
                        "status_id",
                        "amocrm_stage_not_imported",
                        "The status is mapped to a deal's stage: the initial import creates leads only."
                    )
                );
                continue;
            }

            var (amount, amountProblem) = Amount(record, lead, amountField);
            if (amountProblem is { } problem)
            {
                outcome.DeadLetters.Add(
                    Letter(
                        record,
                        lead.Id,
                        amountField?.ToString(CultureInfo.InvariantCulture) ?? "price",
                        Domain.Common.ErrorCodes.ValidationFailed,
                        problem
                    )
                );
                continue;
            }

            var custom = leadFields.Read(lead.Fields);
            if (!custom.IsSuccess)
            {
                outcome.DeadLetters.Add(Refused(record, lead.Id, custom.Error!));
                continue;
            }

            var responsible = mapping.Users.FirstOrDefault(u => u.AmoUserId == lead.ResponsibleUserId)?.UserId;
            submitted.Add(
                (
                    record,
                    lead.Id,
                    new LeadSubmission(
                        new ExistingClient(clientId),
                        new LeadDetails(amount, null, Comment(record), leadStatus, responsible)
                    )
                    {
                        Announce = false,
                        CustomFields = custom.Value,
                    }
                )
            );
        }

        // The page's leads go through the intake together and are saved together.
        var outcomes = await intake.SubmitAllAsync([.. submitted.Select(s => s.Submission)], cancellationToken);
        for (var i = 0; i < submitted.Count; i++)
        {
            var (record, id, _) = submitted[i];
            if (!outcomes[i].IsSuccess)
            {
                outcome.DeadLetters.Add(Refused(record, id, outcomes[i].Error!));
                continue;
            }

            var made = outcomes[i].Value.Lead;
            outcome.Created++;
            outcome.Links.Add(
                new AmoCrmLinkDraft(
                    Leads,
                    id,
                    made.Id,
                    AmoCrmSyncedValues.Write(
                        AmoCrmSyncRules.ValuesOf(made.Status, made.ResponsibleUserId, made.RequestedAmount)
                    )
                )
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return outcome;
    }

    private static AmoCrmDeadLetterDraft Letter(
        JsonObject record,
        long id,
        string? field,
        string code,
        string detail
    ) => Letter(Leads, record, id, field, code, detail);

    private static AmoCrmDeadLetterDraft Letter(
        string entity,
        JsonObject record,
        long id,
        string? field,
        string code,
        string detail
    ) => new(entity, id, field, code, detail, record.ToJsonString());

    /// <summary>The letter of a lead MaK refused: the error's code, its first field and what it said.</summary>
    internal static AmoCrmDeadLetterDraft Refused(JsonObject record, long id, Domain.Common.Error error) =>
        Refused(Leads, record, id, error);

    private static AmoCrmDeadLetterDraft Refused(string entity, JsonObject record, long id, Domain.Common.Error error)
    {
        var field = error.FieldErrors?.Keys.FirstOrDefault();
        var detail = field is null
            ? error.Message
            : $"{error.Message} {field}: {string.Join(' ', error.FieldErrors![field])}";
        return Letter(entity, record, id, field, error.Code, detail);
    }

    /// <summary>The amoCRM field mapped to the lead's amount; none when amoCRM's <c>price</c> is the amount.</summary>
    internal static long? AmountField(StoredAmoCrmMapping mapping) =>
        mapping
            .Fields.FirstOrDefault(f => f.Entity == AmoCrmEntity.Leads && f.Target == AmoCrmFieldTarget.Amount)
            ?.AmoFieldId;

    private static void Count(AmoCrmPageOutcome outcome, bool countKnown)
    {
        if (countKnown)
        {
            outcome.Read++;
            outcome.Linked++;
        }
    }

    /// <summary>The lead's amount: the field mapped to <c>amount</c>, else amoCRM's <c>price</c>; none when empty or
    /// 0; a problem when it is not an amount MaK takes.</summary>
    internal static (decimal? Amount, string? Problem) Amount(JsonObject record, AmoCrmLeadRecord lead, long? field)
    {
        var text = field is { } id
            ? lead.Fields.FirstOrDefault(f => f.FieldId == id)?.Values.FirstOrDefault()?.Value
            : AmoCrmReader.Text(record["price"]);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (
            !decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
        )
        {
            return (null, $"'{text}' is not an amount.");
        }

        return amount == 0 ? (null, null)
            : amount is > 0m and <= Lead.MaxRequestedAmount && decimal.Round(amount, 2) == amount ? (amount, null)
            : (
                null,
                $"Must be more than 0 and at most {Lead.MaxRequestedAmount:0} roubles, with at most two "
                    + $"fractional digits; amoCRM has {text}."
            );
    }

    private static string? Comment(JsonObject record) =>
        AmoCrmReader.Text(record["name"]) is { Length: > 0 } name ? $"amoCRM: {name}" : null;

    /// <summary>A contact's name: its <c>name</c>, or its first and last names.</summary>
    internal static string ContactName(JsonObject record)
    {
        var name = (AmoCrmReader.Text(record["name"]) ?? "").Trim();
        return name.Length > 0
            ? name
            : $"{AmoCrmReader.Text(record["first_name"])} {AmoCrmReader.Text(record["last_name"])}".Trim();
    }

    /// <summary>A contact's phones and e-mails MaK takes, as MaK normalises them, in amoCRM's order without repeats:
    /// the values of the fields mapped to <c>phone</c> (<paramref name="phoneFields"/>) and <c>email</c>.</summary>
    internal static (List<string> Phones, List<string> Emails) Addresses(
        IEnumerable<AmoCrmFieldValues> values,
        HashSet<long> phoneFields,
        HashSet<long> emailFields
    ) =>
        (
            [
                .. ValuesOf(values, phoneFields)
                    .Select(v => PhoneNumber.TryParse(v, out var phone) ? phone.Value : null)
                    .OfType<string>()
                    .Distinct(StringComparer.Ordinal),
            ],
            [
                .. ValuesOf(values, emailFields)
                    .Select(v => EmailAddress.TryParse(v, out var email) ? email.Value : null)
                    .OfType<string>()
                    .Distinct(StringComparer.Ordinal),
            ]
        );

    internal static HashSet<long> FieldsOf(
        StoredAmoCrmMapping mapping,
        AmoCrmEntity entity,
        AmoCrmFieldTarget target
    ) => [.. mapping.Fields.Where(f => f.Entity == entity && f.Target == target).Select(f => f.AmoFieldId)];

    private static IEnumerable<string> ValuesOf(IEnumerable<AmoCrmFieldValues> values, HashSet<long> fields) =>
        values.Where(f => fields.Contains(f.FieldId)).SelectMany(f => f.Values).Select(v => v.Value ?? "");

    /// <summary>The MaK ids of the records of <paramref name="entity"/> linked before, by amoCRM id.</summary>
    internal static async Task<Dictionary<long, Guid>> LinksAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        long accountId,
        string entity,
        IEnumerable<long> ids,
        CancellationToken cancellationToken
    )
    {
        var links = new Dictionary<long, Guid>();
        await using var command = new NpgsqlCommand(FindLinks, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entity });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids.Distinct()] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links[reader.GetInt64(0)] = reader.GetGuid(1);
        }

        return links;
    }
}
