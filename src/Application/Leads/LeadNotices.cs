using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Leads;

/// <summary>What a lead was before a change: what its notices and events compare the changed lead with.</summary>
public sealed record LeadBefore(string Status, Guid? ResponsibleUserId, int Version)
{
    public static LeadBefore Of(Lead lead) => new(lead.Status, lead.ResponsibleUserId, lead.Version);
}

/// <summary>
/// Tells people of a lead's change, in the command's transaction: a new status to those who follow the lead
/// (<see cref="LeadStatusChangeRecipients"/>), a new responsible manager to that manager
/// (<see cref="LeadAssignmentRecipient"/>). Nobody is told of their own change.
/// </summary>
public sealed class LeadNotices(
    IUserDirectory users,
    IClientRepository clients,
    ILeadStatusRepository statuses,
    INotificationOutbox outbox
)
{
    public Task AfterChangeAsync(Lead lead, LeadBefore before, LeadActor by, CancellationToken cancellationToken) =>
        NotifyAsync(lead, before, by, announceUnassigned: false, cancellationToken);

    /// <summary>A new lead: its responsible manager is told, and, when it has none, whoever gives leads out
    /// (<see cref="UnassignedAsync"/>).</summary>
    public Task AfterCreationAsync(Lead lead, LeadActor by, CancellationToken cancellationToken) =>
        NotifyAsync(lead, null, by, announceUnassigned: true, cancellationToken);

    private async Task NotifyAsync(
        Lead lead,
        LeadBefore? before,
        LeadActor by,
        bool announceUnassigned,
        CancellationToken cancellationToken
    )
    {
        var drafts = new List<NotificationDraft>();
        if (before is not null && before.Status != lead.Status)
        {
            var members = await users.FindOrganizationUsersWithAnyAsync(
                lead.OrganizationId,
                LeadStatusChangeRecipients.Permissions,
                cancellationToken
            );
            var name = await NameAsync(lead, cancellationToken);
            var from = await StatusNameAsync(before.Status, cancellationToken);
            var to = await StatusNameAsync(lead.Status, cancellationToken);
            var moved = $"Лид «{name}»: «{from}» → «{to}».";
            var responsible = lead.ResponsibleUserId is { } id
                ? await users.FindActiveAsync(id, cancellationToken)
                : null;
            drafts.AddRange(
                LeadStatusChangeRecipients
                    .Of(members, responsible, by)
                    .Select(user => new NotificationDraft(
                        user.Id,
                        user.OrganizationId,
                        NotificationKind.LeadStatusChanged,
                        "Статус лида изменён",
                        moved,
                        NotificationSubjectType.Lead,
                        lead.Id
                    ))
            );
        }

        if (
            LeadAssignmentRecipient.Of(lead.ResponsibleUserId, before?.ResponsibleUserId, by) is { } assigned
            && await users.FindActiveAsync(assigned, cancellationToken) is { } manager
        )
        {
            var name = await NameAsync(lead, cancellationToken);
            var status = await StatusNameAsync(lead.Status, cancellationToken);
            drafts.Add(
                new NotificationDraft(
                    manager.Id,
                    manager.OrganizationId,
                    NotificationKind.LeadAssigned,
                    "Вам назначен лид",
                    $"Вы ответственный по лиду «{name}» (статус «{status}»).",
                    NotificationSubjectType.Lead,
                    lead.Id
                )
            );
        }

        if (announceUnassigned && lead.ResponsibleUserId is null)
        {
            drafts.AddRange(await UnassignedAsync(lead, by, cancellationToken));
        }

        if (drafts.Count > 0)
        {
            await outbox.AddAsync(drafts, cancellationToken);
        }
    }

    /// <summary>The lead's client's name, as people know the lead.</summary>
    private async Task<string> NameAsync(Lead lead, CancellationToken cancellationToken) =>
        (await clients.FindAsync(lead.ClientId, DataScope.All, RowLock.None, cancellationToken))?.FullName
            is { Length: > 0 } name
            ? name
            : "без имени";

    /// <summary>A status's name as head office configured it (its code only for a status no longer there).</summary>
    private async Task<string> StatusNameAsync(string code, CancellationToken cancellationToken) =>
        (await statuses.FindAsync(code, RowLock.None, cancellationToken))?.Name ?? code;

    /// <summary>
    /// A new lead nobody is responsible for is told to whoever gives leads out: its organization's owner, or head
    /// office's users who read every lead (for head office's own leads, and for an organization with no active owner);
    /// never to whoever made it.
    /// </summary>
    private async Task<IEnumerable<NotificationDraft>> UnassignedAsync(
        Lead lead,
        LeadActor by,
        CancellationToken cancellationToken
    )
    {
        var owner = await users.FindActiveOwnerAsync(lead.OrganizationId, cancellationToken);
        IReadOnlyList<ActiveUser> owners = owner is not null
            ? [owner]
            : await users.FindHeadOfficeUsersWithAsync(Permissions.LeadsReadAll, cancellationToken);
        const string Ask = "Возьмите его в работу или назначьте менеджера.";
        var body = lead.RequestedAmount is { } amount ? $"Сумма: {Money.Say(amount)}. {Ask}" : Ask;
        return owners
            .Where(user => user.Id != by.UserId)
            .Select(user => new NotificationDraft(
                user.Id,
                lead.OrganizationId,
                NotificationKind.LeadUnassigned,
                "Новый лид без ответственного",
                body,
                NotificationSubjectType.Lead,
                lead.Id
            ));
    }
}

/// <summary>
/// A lead's new status is told to the active users of the lead's organization whose role lets them read its leads,
/// and to its responsible manager; never to whoever moved it.
/// </summary>
public static class LeadStatusChangeRecipients
{
    public static IReadOnlyCollection<string> Permissions { get; } =
    [Domain.Access.Permissions.LeadsReadOwn, Domain.Access.Permissions.LeadsReadAll];

    public static IReadOnlyList<ActiveUser> Of(
        IReadOnlyList<ActiveUser> readers,
        ActiveUser? responsible,
        LeadActor by
    ) => [.. readers.Append(responsible).OfType<ActiveUser>().DistinctBy(u => u.Id).Where(u => u.Id != by.UserId)];
}

/// <summary>A lead given to a user (at creation or later) is told to that user, unless they gave it to
/// themselves.</summary>
public static class LeadAssignmentRecipient
{
    public static Guid? Of(Guid? responsibleNow, Guid? responsibleBefore, LeadActor by) =>
        responsibleNow is { } user && user != responsibleBefore && user != by.UserId ? user : null;
}
