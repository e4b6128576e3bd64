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
    public async Task<Result<LeadIntakeOutcome>> SubmitAsync(
        LeadSubmission submission,
        CancellationToken cancellationToken
    )
    {
        if (
            submission.Lead.ResponsibleUserId is { } responsible
            && (
                await assignees.FindAsync(
                    responsible,
                    AssignedRecord.Lead,
                    actor.OrganizationId,
                    "responsibleUserId",
                    cancellationToken
                )
            ).Error
                is { } notAssignable
        )
        {
            return notAssignable;
        }

        if (submission.Integration?.ExternalRef is { } reference)
        {
            var existing = await externalRefs.LockAndFindAsync(
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
            ExistingClient existing => await ResolveExistingAsync(status, existing, cancellationToken),
            SubmittedContact contact => await ResolveContactAsync(status, contact, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(submission)),
        };
        if (!resolved.IsSuccess)
        {
            return resolved.Error!;
        }

        var (client, policy, match) = resolved.Value;
        var allowed = new DuplicatePolicyMustAllow(policy, match);
        if (allowed.IsBroken())
        {
            return allowed.Error;
        }

        var now = clock.UtcNowMicroseconds();
        var newClient = client is NewClient created ? NewClientOf(created.Contact, now) : null;
        var known = newClient is null
            ? (KnownClient)client
            : new KnownClient(newClient.Id, newClient.FullName, newClient.Phone, newClient.OrganizationId);
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
            await NotifyAsync(lead, match, cancellationToken);
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

        await notices.AfterCreationAsync(lead, actor.AsLeadActor(), submission.AnnounceUnassigned, cancellationToken);
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

    private async Task<Result<Resolved>> ResolveExistingAsync(
        string status,
        ExistingClient existing,
        CancellationToken cancellationToken
    )
    {
        // The share locks keep the status and the client from being deleted until this lead is committed.
        if (await statuses.FindAsync(status, RowLock.Share, cancellationToken) is not { } found)
        {
            return await LeadStatusField.Unknown(statuses, status, cancellationToken);
        }

        if (LeadStatusField.MayStartIn(status, found.Initial, found.AllowedRoles, actor) is { } refused)
        {
            return refused;
        }

        var client = await clients.FindAsync(
            existing.Id,
            DataScope.For(actor, Permissions.ClientsReadAll),
            RowLock.Share,
            cancellationToken
        );
        if (client is null)
        {
            return Error.Validation("clientId", $"No client has the id {existing.Id}.");
        }

        var keys = new DuplicateKeys(client.Phone, client.Email is null ? [] : [client.Email]);
        await duplicates.LockAsync(keys, cancellationToken);
        var source = await sources.FindAsync(client.Source, cancellationToken);
        var match = await duplicates.FindOriginalAsync(keys, cancellationToken);
        return new Resolved(
            new KnownClient(client.Id, client.FullName, client.Phone, client.OrganizationId),
            source?.DuplicatePolicy ?? DuplicatePolicy.Link,
            match
        );
    }

    private async Task<Result<Resolved>> ResolveContactAsync(
        string status,
        SubmittedContact contact,
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

        ClientChoice choice = state.ExistingClient is { } existing
            ? new KnownClient(existing.Id, existing.FullName, contact.Phone.Value, actor.OrganizationId)
            : new NewClient(contact);
        return new Resolved(choice, source.DuplicatePolicy, state.Original);
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
    private async Task NotifyAsync(Lead duplicate, DuplicateMatch match, CancellationToken cancellationToken)
    {
        var manager = match.ResponsibleUserId is { } id ? await users.FindActiveAsync(id, cancellationToken) : null;
        IReadOnlyList<ActiveUser> recipients = manager is not null
            ? [manager]
            : await users.FindHeadOfficeUsersWithAsync(Permissions.LeadsReadAll, cancellationToken);
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

    private sealed record KnownClient(Guid Id, string FullName, string Phone, Guid OrganizationId) : ClientChoice;

    private sealed record NewClient(SubmittedContact Contact) : ClientChoice;

    private sealed record Resolved(ClientChoice Client, DuplicatePolicy Policy, DuplicateMatch? Original);
}
