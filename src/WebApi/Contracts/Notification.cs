using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Domain.Notifications;

namespace MakCrm.WebApi.Contracts;

/// <summary>
/// The payload of <c>notification.telegram</c> and <c>notification.whatsapp</c>: the notification as the API answers it, and
/// its recipient (the contract's name for it is older than the WhatsApp channel).
/// </summary>
public sealed partial record TelegramNotification
{
    public static TelegramNotification From(MessengerNotificationDto dto)
    {
        var n = dto.Notification;
        return new(n.Id, n.Kind, n.Title, n.Body, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt, dto.UserId);
    }
}

public sealed partial record ReplaceNotificationPreferencesRequest
{
    public ReplaceMyNotificationPreferencesCommand ToCommand() =>
        new(Items.Select(i => new Application.Abstractions.Notifications.NotificationChoice(i.Kind, i.Channel, i.Enabled)).ToList());
}
