using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Telegram;

namespace MakCrm.Infrastructure.Notifications;

/// <summary>
/// Adds the notification to the request's DbContext when its recipient wants it in the cabinet, and its e-mail to the
/// mail outbox when they want it by mail: the unit of work saves both with the change that caused them. The
/// recipients' choices are read in one query per kind. For a recipient with a messenger channel on it raises
/// <c>notification.telegram</c> or <c>notification.whatsapp</c> (the event outbox writes it in the same transaction),
/// which the messenger bot follows. A notification of a kind Telegram groups get is raised once more for its
/// organization, as <c>notification.telegram_group</c>, when the organization has a linked group (however many of its
/// users it goes to, and whatever they chose; the linked organizations are remembered, <see
/// cref="TelegramGroupOrganizations"/>).
/// </summary>
internal sealed class NotificationOutbox(
    MakCrmDbContext db,
    TelegramGroupOrganizations groups,
    ListenedCacheWrites cacheWrites,
    INotificationRepository notifications,
    INotificationPreferenceStore preferences,
    IMailOutbox mail,
    IEventOutbox events,
    TimeProvider clock
) : INotificationOutbox
{
    /// <summary>The mail template every notification e-mail is written with (its title as subject, its text as
    /// body).</summary>
    public const string MailTemplate = "notification";

    /// <summary>The event the messenger bot follows for each messenger channel.</summary>
    private static readonly (
        NotificationChannel Channel,
        EventPayload<Contracts.TelegramNotification> Type
    )[] MessengerEvents =
    [
        (NotificationChannel.Telegram, EventPayloads.NotificationTelegram),
        (NotificationChannel.Whatsapp, EventPayloads.NotificationWhatsapp),
    ];

    public async Task AddAsync(IReadOnlyCollection<NotificationDraft> drafts, CancellationToken cancellationToken)
    {
        await RaiseForGroupsAsync(drafts, cancellationToken);
        foreach (var ofKind in drafts.GroupBy(d => d.Kind))
        {
            var recipients = ofKind.Select(d => d.RecipientUserId).Distinct().ToList();
            var choices = await preferences.ForRecipientsAsync(ofKind.Key, recipients, cancellationToken);
            foreach (var draft in ofKind)
            {
                if (!choices.TryGetValue(draft.RecipientUserId, out var recipient))
                {
                    continue;
                }

                var notification = Notification.Create(
                    clock.NewId(),
                    draft.RecipientUserId,
                    draft.OrganizationId,
                    draft.Kind,
                    draft.Title,
                    draft.Body,
                    draft.SubjectType,
                    draft.SubjectId,
                    clock.UtcNowMicroseconds()
                );
                if (recipient.IsOn(draft.Kind, NotificationChannel.InApp))
                {
                    notifications.Add(notification);
                }

                foreach (var (channel, type) in MessengerEvents)
                {
                    if (recipient.IsOn(draft.Kind, channel))
                    {
                        var data = new MessengerNotificationDto(
                            Contracts.Notification.From(notification),
                            draft.RecipientUserId
                        );
                        events.Raise(type, draft.OrganizationId, notification.Id, data);
                    }
                }

                if (
                    !draft.MailedSeparately
                    && recipient.Email is { Length: > 0 } address
                    && recipient.IsOn(draft.Kind, NotificationChannel.Email)
                )
                {
                    mail.Add(
                        new MailDraft(
                            address,
                            MailTemplate,
                            new Dictionary<string, object?> { ["title"] = draft.Title, ["body"] = draft.Body }
                        )
                    );
                }
            }
        }
    }

    /// <summary>One <c>notification.telegram_group</c> per organization with a linked group and distinct
    /// notification among the drafts of the groups' kinds.</summary>
    private async Task RaiseForGroupsAsync(
        IReadOnlyCollection<NotificationDraft> drafts,
        CancellationToken cancellationToken
    )
    {
        var forGroups = drafts
            .Where(d => TelegramGroupNotifications.Kinds.Contains(d.Kind))
            .DistinctBy(d => (d.OrganizationId, d.Kind, d.Title, d.Body, d.SubjectType, d.SubjectId))
            .ToList();
        if (forGroups.Count == 0)
        {
            return;
        }

        var linked = await groups.ReadAsync(db, cacheWrites, cancellationToken);
        foreach (var draft in forGroups.Where(d => linked.Contains(d.OrganizationId)))
        {
            var id = clock.NewId();
            events.Raise(
                EventPayloads.NotificationTelegramGroup,
                draft.OrganizationId,
                id,
                new Contracts.Notification(
                    id,
                    draft.Kind,
                    draft.Title,
                    draft.Body,
                    draft.SubjectType,
                    draft.SubjectId,
                    clock.UtcNowMicroseconds(),
                    null
                )
            );
        }
    }
}
