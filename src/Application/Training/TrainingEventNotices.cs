using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Invitations;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Training;

/// <summary>
/// What a training event's registrants are told, through the notification outbox (their channels and preferences):
/// the confirmation of their registration, and that the event they registered for moved (its time, format, place or
/// link changed) or was cancelled. Each says when and where the event is; nobody is told of their own change.
/// </summary>
internal static class TrainingEventNotices
{
    public static NotificationDraft Registered(TrainingEvent trainingEvent, EventRegistration registration) =>
        new(
            registration.UserId,
            registration.OrganizationId,
            NotificationKind.TrainingEventRegistered,
            $"Вы записаны на мероприятие «{trainingEvent.Title}»",
            WhenAndWhere(trainingEvent.When),
            NotificationSubjectType.TrainingEvent,
            trainingEvent.Id
        );

    /// <summary>The registrants' notices of a move; none when the time and place are as they were, or the event (as
    /// moved) is over.</summary>
    public static IReadOnlyList<NotificationDraft> Moved(
        TrainingEventWhen before,
        TrainingEvent trainingEvent,
        IEnumerable<EventRegistration> registrants,
        Guid? actorUserId,
        DateTimeOffset now
    )
    {
        var after = trainingEvent.When;
        if (after == before || after.EndsAt <= now)
        {
            return [];
        }

        var title =
            after.StartsAt != before.StartsAt || after.EndsAt != before.EndsAt
                ? $"Мероприятие «{trainingEvent.Title}» перенесено"
                : $"Изменилось место проведения мероприятия «{trainingEvent.Title}»";
        return To(registrants, actorUserId, title, WhenAndWhere(after), trainingEvent.Id);
    }

    /// <summary>The registrants' notices of a cancellation; none for an event that is over.</summary>
    public static IReadOnlyList<NotificationDraft> Cancelled(
        TrainingEventWhen before,
        string title,
        Guid eventId,
        IEnumerable<EventRegistration> registrants,
        Guid? actorUserId,
        DateTimeOffset now
    ) =>
        before.EndsAt <= now
            ? []
            : To(
                registrants,
                actorUserId,
                $"Мероприятие «{title}» отменено",
                $"Оно было назначено на {MailTimes.Format(before.StartsAt)}.",
                eventId
            );

    private static List<NotificationDraft> To(
        IEnumerable<EventRegistration> registrants,
        Guid? actorUserId,
        string title,
        string body,
        Guid eventId
    ) =>
        [
            .. registrants
                .Where(r => r.UserId != actorUserId)
                .Select(r => new NotificationDraft(
                    r.UserId,
                    r.OrganizationId,
                    NotificationKind.TrainingEventChanged,
                    title,
                    body,
                    NotificationSubjectType.TrainingEvent,
                    eventId
                )),
        ];

    private static string WhenAndWhere(TrainingEventWhen when) =>
        $"Начало: {MailTimes.Format(when.StartsAt)}, окончание: {MailTimes.Format(when.EndsAt)}. "
        + (when.Format == TrainingEventFormat.Online ? $"Ссылка: {when.Url}" : $"Место: {when.Place}");
}
