using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;
using Organization = MakCrm.Domain.Organizations.Organization;

namespace MakCrm.Application.AmoCrm;

/// <summary>What an initial import of the connected account would create, link and skip with the saved mapping; it
/// writes nothing.</summary>
public sealed record PreviewAmoCrmImportQuery : IQuery<AmoCrmImportPreview>;

/// <summary>
/// Reads every contact and lead of the account and plays the import over them without writing: a contact's phones and
/// e-mails (from the fields mapped to <c>phone</c> and <c>email</c>) are normalised by the clients' own value objects
/// (<see cref="PhoneNumber"/>, <see cref="EmailAddress"/>) as every intake normalises them, and looked up among
/// head office's clients by the duplicate control (<see cref="IDuplicateGuard.FindClientsAsync"/>), the phone first as
/// the intake matches; a contact found is linked, a contact that repeats an earlier one's phone or e-mail is linked to
/// the client that one would create, any other with a phone creates a client, the rest are skipped.
/// </summary>
internal sealed class PreviewAmoCrmImportHandler(
    IAmoCrmReader amo,
    IAmoCrmMappings mappings,
    IDuplicateGuard duplicates
) : IQueryHandler<PreviewAmoCrmImportQuery, AmoCrmImportPreview>
{
    /// <summary>How many links and skips the report lists (the counts cover every one).</summary>
    public const int MaxListed = 100;

    public async Task<Result<AmoCrmImportPreview>> Handle(
        PreviewAmoCrmImportQuery query,
        CancellationToken cancellationToken
    )
    {
        var catalogue = await amo.CatalogueAsync(cancellationToken);
        if (!catalogue.IsSuccess)
        {
            return catalogue.Error!;
        }

        var records = await amo.RecordsAsync(cancellationToken);
        if (!records.IsSuccess)
        {
            return records.Error!;
        }

        var mapping = await mappings.FindAsync(catalogue.Value.AccountId, cancellationToken);
        var contacts = ContactKeys(records.Value.Contacts, mapping);
        var clients = await duplicates.FindClientsAsync(
            Organization.HeadOfficeId,
            contacts.SelectMany(c => c.Phones).ToHashSet(StringComparer.Ordinal),
            contacts.SelectMany(c => c.Emails).ToHashSet(StringComparer.Ordinal),
            cancellationToken
        );
        var report = new Report();
        var imported = PlayContacts(contacts, clients, report);
        PlayLeads(records.Value.Leads, mapping, imported, report);
        return new AmoCrmImportPreview(
            mapping.Version,
            report.Contacts.Counts(),
            new AmoCrmPreviewCounts(records.Value.Companies, 0, 0),
            report.Leads.Counts(),
            report.LeadsWithoutUser,
            report.Links,
            report.Skipped,
            AmoCrmMappingRules.Unmapped(catalogue.Value.Catalogue, mapping)
        );
    }

    private sealed record Keys(long ContactId, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);

    private static List<Keys> ContactKeys(IReadOnlyList<AmoCrmContactRecord> contacts, StoredAmoCrmMapping mapping)
    {
        HashSet<long> FieldsOf(AmoCrmFieldTarget target) =>
            [
                .. mapping
                    .Fields.Where(f => f.Entity == AmoCrmEntity.Contacts && f.Target == target)
                    .Select(f => f.AmoFieldId),
            ];
        var phoneFields = FieldsOf(AmoCrmFieldTarget.Phone);
        var emailFields = FieldsOf(AmoCrmFieldTarget.Email);
        IEnumerable<string> Values(AmoCrmContactRecord contact, HashSet<long> fields) =>
            contact.Fields.Where(f => fields.Contains(f.FieldId)).SelectMany(f => f.Values).Select(v => v.Value ?? "");
        return
        [
            .. contacts.Select(c => new Keys(
                c.Id,
                [
                    .. Values(c, phoneFields)
                        .Select(v => PhoneNumber.TryParse(v, out var phone) ? phone.Value : null)
                        .OfType<string>()
                        .Distinct(StringComparer.Ordinal),
                ],
                [
                    .. Values(c, emailFields)
                        .Select(v => EmailAddress.TryParse(v, out var email) ? email.Value : null)
                        .OfType<string>()
                        .Distinct(StringComparer.Ordinal),
                ]
            )),
        ];
    }

    /// <summary>Each contact's outcome, in id order as the import takes them; answers the contacts that would be
    /// imported (created or linked).</summary>
    private static HashSet<long> PlayContacts(List<Keys> contacts, IReadOnlyList<ContactClient> clients, Report report)
    {
        // The earliest client of each phone and e-mail, as the intake picks it.
        var clientByPhone = new Dictionary<string, ContactClient>(StringComparer.Ordinal);
        var clientByEmail = new Dictionary<string, ContactClient>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            clientByPhone.TryAdd(client.Phone, client);
            if (client.Email is { } email)
            {
                clientByEmail.TryAdd(email, client);
            }
        }

        var createdByPhone = new Dictionary<string, long>(StringComparer.Ordinal);
        var createdByEmail = new Dictionary<string, long>(StringComparer.Ordinal);
        var imported = new HashSet<long>();
        foreach (var contact in contacts)
        {
            var found =
                contact.Phones.Select(p => clientByPhone.GetValueOrDefault(p)).FirstOrDefault(c => c is not null)
                ?? contact.Emails.Select(e => clientByEmail.GetValueOrDefault(e)).FirstOrDefault(c => c is not null);
            if (found is not null)
            {
                report.Contacts.Link++;
                report.Link(new AmoCrmPreviewLink(contact.ContactId, found.Id, null, MatchedBy(contact, found)));
                imported.Add(contact.ContactId);
                continue;
            }

            var earlier = contact
                .Phones.Select(p => (long?)createdByPhone.GetValueOrDefault(p))
                .FirstOrDefault(i => i > 0);
            var byPhone = earlier is not null;
            earlier ??= contact
                .Emails.Select(e => (long?)createdByEmail.GetValueOrDefault(e))
                .FirstOrDefault(i => i > 0);
            if (earlier is { } first)
            {
                report.Contacts.Link++;
                report.Link(
                    new AmoCrmPreviewLink(
                        contact.ContactId,
                        null,
                        first,
                        [byPhone ? DuplicateMatchField.Phone : DuplicateMatchField.Email]
                    )
                );
                imported.Add(contact.ContactId);
                continue;
            }

            if (contact.Phones.Count == 0)
            {
                report.Contacts.Skip++;
                report.Skip(
                    new AmoCrmPreviewSkip(AmoCrmImportEntity.Contacts, contact.ContactId, AmoCrmSkipReason.NoPhone)
                );
                continue;
            }

            report.Contacts.Create++;
            imported.Add(contact.ContactId);
            foreach (var phone in contact.Phones)
            {
                createdByPhone.TryAdd(phone, contact.ContactId);
            }

            foreach (var email in contact.Emails)
            {
                createdByEmail.TryAdd(email, contact.ContactId);
            }
        }

        return imported;
    }

    private static List<DuplicateMatchField> MatchedBy(Keys contact, ContactClient client)
    {
        var matchedBy = new List<DuplicateMatchField>(2);
        if (contact.Phones.Contains(client.Phone, StringComparer.Ordinal))
        {
            matchedBy.Add(DuplicateMatchField.Phone);
        }

        if (client.Email is { } email && contact.Emails.Contains(email, StringComparer.Ordinal))
        {
            matchedBy.Add(DuplicateMatchField.Email);
        }

        return matchedBy;
    }

    private static void PlayLeads(
        IReadOnlyList<AmoCrmLeadRecord> leads,
        StoredAmoCrmMapping mapping,
        HashSet<long> importedContacts,
        Report report
    )
    {
        var statuses = mapping.Statuses.Select(s => (s.AmoPipelineId, s.AmoStatusId)).ToHashSet();
        var users = mapping.Users.Select(u => u.AmoUserId).ToHashSet();
        foreach (var lead in leads)
        {
            AmoCrmSkipReason? skip =
                !statuses.Contains((lead.PipelineId, lead.StatusId)) ? AmoCrmSkipReason.StatusUnmapped
                : lead.MainContactId is not { } contact ? AmoCrmSkipReason.NoContact
                : !importedContacts.Contains(contact) ? AmoCrmSkipReason.ContactSkipped
                : null;
            if (skip is { } reason)
            {
                report.Leads.Skip++;
                report.Skip(new AmoCrmPreviewSkip(AmoCrmImportEntity.Leads, lead.Id, reason));
                continue;
            }

            report.Leads.Create++;
            if (lead.ResponsibleUserId is not { } user || !users.Contains(user))
            {
                report.LeadsWithoutUser++;
            }
        }
    }

    private sealed class Tally
    {
        public int Create { get; set; }

        public int Link { get; set; }

        public int Skip { get; set; }

        public AmoCrmPreviewCounts Counts() => new(Create, Link, Skip);
    }

    private sealed class Report
    {
        public Tally Contacts { get; } = new();

        public Tally Leads { get; } = new();

        public int LeadsWithoutUser { get; set; }

        public List<AmoCrmPreviewLink> Links { get; } = [];

        public List<AmoCrmPreviewSkip> Skipped { get; } = [];

        public void Link(AmoCrmPreviewLink link)
        {
            if (Links.Count < MaxListed)
            {
                Links.Add(link);
            }
        }

        public void Skip(AmoCrmPreviewSkip skip)
        {
            if (Skipped.Count < MaxListed)
            {
                Skipped.Add(skip);
            }
        }
    }
}
