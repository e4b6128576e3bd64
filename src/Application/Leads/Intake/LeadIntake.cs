using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Clients;
using MakCrm.Application.Consents;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Leads.Intake;

internal sealed class LeadIntake(
    IClientRepository clients,
    ILeadRepository leads,
    IConsentRepository consents,
    IClientSourceRepository sources,
    ILeadStatusRepository statuses,
    IDuplicateGuard duplicates,
    IExternalRefs externalRefs,
    IContactIntakeReads contactReads,
    IUserDirectory users,
    Assignees assignees,
    INotificationOutbox outbox,
    LeadNotices notices,
    ICurrentActor actor,
    TimeProvider clock
) : ILeadIntake
{
    public Task<Result<LeadIntakeOutcome>> SubmitAsync(
        LeadSubmission submission,
        CancellationToken cancellationToken
    ) => SubmitOneAsync(submission, null, cancellationToken);

    public async Task<IReadOnlyList<Result<LeadIntakeOutcome>>> SubmitAllAsync(
        IReadOnlyList<LeadSubmission> submissions,
        CancellationToken cancellationToken
    )
    {
        var batch = new IntakeBatch();
        await ReadExistingClientsAsync(submissions, batch, cancellationToken);
        var outcomes = new List<Result<LeadIntakeOutcome>>(submissions.Count);
        foreach (var submission in submissions)
        {
            outcomes.Add(await SubmitOneAsync(submission, batch, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>One submission; within a batch, with what the batch read and made before it.</summary>
    private async Task<Result<LeadIntakeOutcome>> SubmitOneAsync(
        LeadSubmission submission,
        IntakeBatch? batch,
        CancellationToken cancellationToken
    )
    {
        if (
            submission.Lead.ResponsibleUserId is { } responsible
            && (await ResponsibleAsync(responsible, batch, cancellationToken)).Error is { } notAssignable
        )
        {
            return notAssignable;
        }

        if (submission.Integration?.ExternalRef is { } reference)
        {
            var existing =
                batch is not null && batch.ExternalRefs.TryGetValue(reference, out var earlier)
                    ? earlier
                    : await externalRefs.LockAndFindAsync(
                        ExternalRefHolder.Lead,
                        actor.OrganizationId,
                        reference,
                        cancellationToken
                    );
            var free = new ExternalRefMustBeFree("lead", reference, existing);
            if (free.IsBroken())
            {
                return free.Error;
            }
        }

        var status = submission.Lead.Status;
        var resolved = submission.Client switch
        {
            ExistingClient existing => await ResolveExistingAsync(status, existing, batch, cancellationToken),
            SubmittedContact contact => await ResolveContactAsync(status, contact, batch, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(submission)),
        };
        if (!resolved.IsSuccess)
        {
            return resolved.Error!;
        }

        var (client, policy, match, keys) = resolved.Value;
        // A lead the batch made earlier counts as an original as a saved one does; a saved one is always earlier.
        match ??= batch?.OriginalOf(keys);
        var allowed = new DuplicatePolicyMustAllow(policy, match);
        if (allowed.IsBroken())
        {
            return allowed.Error;
        }

        var now = clock.UtcNowMicroseconds();
        var newClient = client is NewClient created ? NewClientOf(created.Contact, now) : null;
        var known = newClient is null
            ? (KnownClient)client
            : new KnownClient(
                newClient.Id,
                newClient.FullName,
                newClient.Phone,
                newClient.Email,
                newClient.OrganizationId
            );
        var clientId = known.Id;
        var lead = Lead.Create(
            clock.NewId(),
            clientId,
            actor.OrganizationId,
            submission.Lead,
            actor.AsLeadActor(),
            now,
            submission.Integration,
            submission.Consents?.OfLead
        );
        lead.SetCustomFields(submission.CustomFields, now);
        if (match is not null)
        {
            lead.MarkAsDuplicateOf(match.OriginalLeadId, actor.AsLeadActor(), now);
            await NotifyAsync(lead, match, batch, cancellationToken);
        }

        if (newClient is not null)
        {
            clients.Add(newClient);
        }

        leads.Add(lead);
        foreach (var given in submission.Consents?.Records ?? [])
        {
            var record = given with { ClientId = clientId, LeadId = lead.Id };
            consents.Add(Consent.Record(clock.NewId(), known.OrganizationId, record, now));
        }

        if (submission.Announce)
        {
            await notices.AfterCreationAsync(lead, actor.AsLeadActor(), cancellationToken);
        }

        if (batch is not null)
        {
            var leadStatus = await StatusAsync(lead.Status, batch, cancellationToken);
            batch.Made(
                lead,
                known,
                newClient is not null,
                leadStatus?.Kind is LeadStatusKind.Open or LeadStatusKind.Auction,
                submission.Integration?.ExternalRef
            );
        }

        var duplicate = match is null
            ? null
            : new Contracts.LeadDuplicate(
                match.OriginalLeadId,
                match.MatchedBy,
                DataScope.For(actor, Permissions.LeadsReadAll).Includes(match.OriginalOrganizationId)
            );
        // The lead as the API answers it, with the summary of the client the intake found or made, when the caller may
        // read it.
        var summary =
            ClientSummaryScope.For(actor) is { } scope && scope.Includes(known.OrganizationId)
                ? new Contracts.ClientSummary(known.Id, known.FullName, known.Phone)
                : null;
        return new LeadIntakeOutcome(LeadDto.From(lead) with { Client = summary }, newClient is not null, duplicate)
        {
            NewClient = newClient is null ? null : ClientDto.From(newClient),
        };
    }

    /// <summary>
    /// A batch's clients given by id, read before its first submission in the order of the single lookup: their
    /// statuses share-locked, the clients share-locked, every contact's lock in one statement, the saved originals in
    /// one round trip. <see cref="ResolveExistingAsync"/> then finds them in the batch.
    /// </summary>
    private async Task ReadExistingClientsAsync(
        IReadOnlyList<LeadSubmission> submissions,
        IntakeBatch batch,
        CancellationToken cancellationToken
    )
    {
        var byId = submissions.Where(s => s.Client is ExistingClient).ToList();
        if (byId.Count == 0)
        {
            return;
        }

        foreach (var code in byId.Select(s => s.Lead.Status).Distinct(StringComparer.Ordinal))
        {
            await StatusAsync(code, batch, cancellationToken);
        }

        var ids = byId.Select(s => ((ExistingClient)s.Client).Id).Distinct().ToList();
        var found = await clients.FindManyAsync(
            ids,
            DataScope.For(actor, Permissions.ClientsReadAll),
            RowLock.Share,
            cancellationToken
        );
        var keys = found.Select(KeysOf).ToList();
        await duplicates.LockAsync(keys, cancellationToken);
        var originals = await duplicates.FindOriginalsAsync(keys, cancellationToken);
        foreach (var id in ids)
        {
            batch.Clients[id] = null;
        }

        for (var i = 0; i < found.Count; i++)
        {
            batch.Clients[found[i].Id] = (found[i], originals[i]);
        }
    }

    private async Task<Result<Resolved>> ResolveExistingAsync(
        string status,
        ExistingClient existing,
        IntakeBatch? batch,
        CancellationToken cancellationToken
    )
    {
        // The share locks keep the status and the client from being deleted until this lead is committed.
        if (await StatusAsync(status, batch, cancellationToken) is not { } found)
        {
            return await LeadStatusField.Unknown(statuses, status, cancellationToken);
        }

        if (LeadStatusField.MayStartIn(status, found.Initial, found.AllowedRoles, actor) is { } refused)
        {
            return refused;
        }

        (Client Client, DuplicateMatch? Original)? fromBatch = null;
        var read = batch is not null && batch.Clients.TryGetValue(existing.Id, out fromBatch);
        var client = read
            ? fromBatch?.Client
            : await clients.FindAsync(
                existing.Id,
                DataScope.For(actor, Permissions.ClientsReadAll),
                RowLock.Share,
                cancellationToken
            );
        if (client is null)
        {
            return Error.Validation("clientId", $"No client has the id {existing.Id}.");
        }

        var keys = KeysOf(client);
        if (!read)
        {
            await duplicates.LockAsync(keys, cancellationToken);
        }

        var source = await SourceAsync(client.Source, batch, cancellationToken);
        var match = read ? fromBatch!.Value.Original : await duplicates.FindOriginalAsync(keys, cancellationToken);
        return new Resolved(
            new KnownClient(client.Id, client.FullName, client.Phone, client.Email, client.OrganizationId),
            source?.DuplicatePolicy ?? DuplicatePolicy.Link,
            match,
            keys
        );
    }

    private static DuplicateKeys KeysOf(Client client) => new(client.Phone, client.Email is null ? [] : [client.Email]);

    /// <summary>The status, share-locked; once per batch.</summary>
    private Task<LeadStatus?> StatusAsync(string code, IntakeBatch? batch, CancellationToken cancellationToken) =>
        OncePerBatchAsync(batch?.Statuses, code, () => statuses.FindAsync(code, RowLock.Share, cancellationToken));

    private Task<ClientSource?> SourceAsync(string code, IntakeBatch? batch, CancellationToken cancellationToken) =>
        OncePerBatchAsync(batch?.Sources, code, () => sources.FindAsync(code, cancellationToken));

    private Task<Result<ActiveUser>> ResponsibleAsync(
        Guid userId,
        IntakeBatch? batch,
        CancellationToken cancellationToken
    ) =>
        OncePerBatchAsync(
            batch?.Responsibles,
            userId,
            () =>
                assignees.FindAsync(
                    userId,
                    AssignedRecord.Lead,
                    actor.OrganizationId,
                    "responsibleUserId",
                    cancellationToken
                )
        );

    private Task<ActiveUser?> ActiveUserAsync(Guid id, IntakeBatch? batch, CancellationToken cancellationToken) =>
        OncePerBatchAsync(batch?.ActiveUsers, id, () => users.FindActiveAsync(id, cancellationToken));

    /// <summary>What <paramref name="read"/> answers for <paramref name="key"/>: read once per batch (kept in
    /// <paramref name="known"/>), every time outside one.</summary>
    private static async Task<TValue> OncePerBatchAsync<TKey, TValue>(
        Dictionary<TKey, TValue>? known,
        TKey key,
        Func<Task<TValue>> read
    )
        where TKey : notnull
    {
        if (known is not null && known.TryGetValue(key, out var value))
        {
            return value;
        }

        value = await read();
        known?.TryAdd(key, value);
        return value;
    }

    private async Task<Result<Resolved>> ResolveContactAsync(
        string status,
        SubmittedContact contact,
        IntakeBatch? batch,
        CancellationToken cancellationToken
    )
    {
        // One round trip. The contacts are locked before the client lookup too, so that two submissions of one new
        // phone
        // create one client.
        var keys = new DuplicateKeys(contact.Phone.Value, contact.Email is null ? [] : [contact.Email.Value]);
        var state = await contactReads.LockAndReadAsync(
            new ContactIntakeQuery(status, contact.Source, actor.OrganizationId, keys),
            cancellationToken
        );
        if (state.Status is not { } found)
        {
            return await LeadStatusField.Unknown(statuses, status, cancellationToken);
        }

        if (LeadStatusField.MayStartIn(status, found.Initial, found.AllowedRoles, actor) is { } refused)
        {
            return refused;
        }

        if (state.Source is not { Active: true } source)
        {
            return ClientSourceRules.NotActive;
        }

        // A client the batch made earlier for this phone is the one a saved client would have been.
        ClientChoice choice =
            state.ExistingClient is { } existing
                ? new KnownClient(existing.Id, existing.FullName, contact.Phone.Value, null, actor.OrganizationId)
            : batch?.NewClients.GetValueOrDefault(contact.Phone.Value) is { } made ? made
            : new NewClient(contact);
        return new Resolved(choice, source.DuplicatePolicy, state.Original, keys);
    }

    private Client NewClientOf(SubmittedContact contact, DateTimeOffset now)
    {
        var details = new ClientDetails(
            contact.FullName,
            contact.Phone,
            contact.Email,
            contact.City,
            contact.Source,
            null,
            [],
            null
        );
        return Client.Create(clock.NewId(), actor.OrganizationId, details, now);
    }

    /// <summary>
    /// Tells the original's responsible manager; an original without one (or whose manager can no longer sign in)
    /// goes to head office's users who see every lead. Nobody is told what they did themselves.
    /// </summary>
    private async Task NotifyAsync(
        Lead duplicate,
        DuplicateMatch match,
        IntakeBatch? batch,
        CancellationToken cancellationToken
    )
    {
        var manager = match.ResponsibleUserId is { } id ? await ActiveUserAsync(id, batch, cancellationToken) : null;
        IReadOnlyList<ActiveUser> recipients = manager is not null
            ? [manager]
            : batch?.HeadOfficeReaders
                ?? await users.FindHeadOfficeUsersWithAsync(Permissions.LeadsReadAll, cancellationToken);
        if (batch is not null && manager is null)
        {
            batch.HeadOfficeReaders = recipients;
        }

        var matchedBy = string.Join(
            " и ",
            match.MatchedBy.Select(f => f == DuplicateMatchField.Phone ? "телефону" : "e-mail")
        );
        await outbox.AddAsync(
            [
                .. recipients
                    .Where(r => r.Id != actor.UserId)
                    .Select(recipient => new NotificationDraft(
                        recipient.Id,
                        recipient.OrganizationId,
                        NotificationKind.LeadDuplicate,
                        "Повторная заявка по открытому лиду",
                        $"Новый лид {duplicate.Id} совпадает с лидом {match.OriginalLeadId} по {matchedBy}.",
                        NotificationSubjectType.Lead,
                        match.OriginalLeadId
                    )),
            ],
            cancellationToken
        );
    }

    private abstract record ClientChoice;

    private sealed record KnownClient(Guid Id, string FullName, string Phone, string? Email, Guid OrganizationId)
        : ClientChoice;

    private sealed record NewClient(SubmittedContact Contact) : ClientChoice;

    private sealed record Resolved(
        ClientChoice Client,
        DuplicatePolicy Policy,
        DuplicateMatch? Original,
        DuplicateKeys Keys
    );

    /// <summary>A lead the batch made, with its client's stored contacts (the e-mail where the intake read it), as an
    /// original for the batch's later leads.</summary>
    private sealed record MadeLead(Lead Lead, string Phone, string? Email);

    /// <summary>
    /// What one batch of submissions read once and made so far: the statuses (share-locked), sources, responsibles
    /// and recipients it looked up, the clients given by id with their saved originals, and the leads, new clients
    /// and external references of its earlier submissions, which count for its later ones as saved ones would.
    /// </summary>
    private sealed class IntakeBatch
    {
        public Dictionary<string, LeadStatus?> Statuses { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ClientSource?> Sources { get; } = new(StringComparer.Ordinal);

        public Dictionary<Guid, Result<ActiveUser>> Responsibles { get; } = [];

        public Dictionary<Guid, ActiveUser?> ActiveUsers { get; } = [];

        public IReadOnlyList<ActiveUser>? HeadOfficeReaders { get; set; }

        /// <summary>The clients given by id, null for one not found, with the saved original of their
        /// contacts.</summary>
        public Dictionary<Guid, (Client Client, DuplicateMatch? Original)?> Clients { get; } = [];

        /// <summary>The clients the batch made, by phone (the caller's organization's).</summary>
        public Dictionary<string, KnownClient> NewClients { get; } = new(StringComparer.Ordinal);

        public Dictionary<ExternalReference, Guid> ExternalRefs { get; } = [];

        private readonly List<MadeLead> _leads = [];

        /// <summary>The earliest lead the batch made in an open or auction status whose client has one of the
        /// contacts.</summary>
        public DuplicateMatch? OriginalOf(DuplicateKeys keys)
        {
            foreach (var made in _leads)
            {
                var matchedBy = keys.MatchedBy(made.Phone, made.Email);
                if (matchedBy.Count > 0)
                {
                    return new DuplicateMatch(
                        made.Lead.Id,
                        made.Lead.OrganizationId,
                        made.Lead.ResponsibleUserId,
                        matchedBy
                    );
                }
            }

            return null;
        }

        /// <param name="original">Whether the lead's status makes it an original (of kind open or auction).</param>
        public void Made(Lead lead, KnownClient client, bool clientMade, bool original, ExternalReference? reference)
        {
            if (reference is not null)
            {
                ExternalRefs.TryAdd(reference, lead.Id);
            }

            if (clientMade)
            {
                NewClients.TryAdd(client.Phone, client);
            }

            if (original)
            {
                _leads.Add(new MadeLead(lead, client.Phone, client.Email));
            }
        }
    }
}
