using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Leads;

/// <summary>What a lead looked like before a command changed it: the two things people are told about.</summary>
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
public sealed class LeadNotices(IUserDirectory users, INotificationOutbox outbox)
{
    public async Task AfterChangeAsync(Lead lead, LeadBefore? before, LeadActor by, CancellationToken cancellationToken)
    {
        var drafts = new List<NotificationDraft>();
        if (before is not null && before.Status != lead.Status)
        {
            var members = await users.FindOrganizationUsersWithAnyAsync(
                lead.OrganizationId,
                LeadStatusChangeRecipients.Permissions,
                cancellationToken
            );
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
                        $"Лид {lead.Id}: «{before.Status}» → «{lead.Status}».",
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
            drafts.Add(
                new NotificationDraft(
                    manager.Id,
                    manager.OrganizationId,
                    NotificationKind.LeadAssigned,
                    "Вам назначен лид",
                    $"Вы ответственный по лиду {lead.Id} (статус «{lead.Status}»).",
                    NotificationSubjectType.Lead,
                    lead.Id
                )
            );
        }

        if (drafts.Count > 0)
        {
            await outbox.AddAsync(drafts, cancellationToken);
        }
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
