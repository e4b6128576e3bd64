using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Notifications;

/// <summary>Tells every active user of an organization the same thing, in the command's unit of work.</summary>
public sealed class OrganizationNotice(IUserDirectory users, INotificationOutbox outbox)
{
    /// <param name="leadId">The lead the notification is about, if any: its subject.</param>
    /// <param name="mailedSeparately">The feature writes its own e-mail about this (see
    /// <see cref="NotificationDraft"/>).</param>
    public Task SendAsync(
        Guid organizationId,
        NotificationKind kind,
        string title,
        string body,
        Guid? leadId,
        CancellationToken cancellationToken,
        bool mailedSeparately = false
    ) =>
        SendAsync(
            organizationId,
            kind,
            title,
            body,
            leadId is null ? null : (NotificationSubjectType.Lead, leadId.Value),
            mailedSeparately,
            cancellationToken
        );

    /// <param name="subject">The record the notification is about, if any.</param>
    public async Task SendAsync(
        Guid organizationId,
        NotificationKind kind,
        string title,
        string body,
        (NotificationSubjectType Type, Guid Id)? subject,
        bool mailedSeparately,
        CancellationToken cancellationToken
    )
    {
        var members = await users.FindOrganizationUsersAsync(organizationId, cancellationToken);
        await outbox.AddAsync(
            [
                .. members.Select(user => new NotificationDraft(
                    user.Id,
                    organizationId,
                    kind,
                    title,
                    body,
                    subject?.Type,
                    subject?.Id,
                    mailedSeparately
                )),
            ],
            cancellationToken
        );
    }
}
