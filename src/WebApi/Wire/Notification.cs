using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Contracts;
using MakCrm.Domain.Notifications;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class NotificationMappings
{
    /// <summary>
    /// The payload of <c>notification.telegram</c> and <c>notification.whatsapp</c>: the notification as the API answers it, and
    /// its recipient (the contract's name for it is older than the WhatsApp channel).
    /// </summary>
    extension(TelegramNotification)
    {
        public static TelegramNotification From(MessengerNotificationDto dto)
        {
            var n = dto.Notification;
            return new(n.Id, n.Kind, n.Title, n.Body, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt, dto.UserId);
        }
    }

    extension(ReplaceNotificationPreferencesRequest request)
    {
        public ReplaceMyNotificationPreferencesCommand ToCommand() =>
            new(request.Items.Select(i => new Application.Abstractions.Notifications.NotificationChoice(i.Kind, i.Channel, i.Enabled)).ToList());
    }
}
