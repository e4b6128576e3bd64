using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Domain.Notifications;

namespace MakCrm.WebApi.Contracts;

public sealed partial record Notification
{
    public static Notification From(NotificationDto dto) =>
        new(dto.Id, dto.Kind, dto.Title, dto.Body, dto.SubjectType, dto.SubjectId, dto.CreatedAt, dto.ReadAt);
}

/// <summary>
/// The payload of <c>notification.telegram</c> and <c>notification.whatsapp</c>: the notification as the API answers it, and
/// its recipient (the contract's name for it is older than the WhatsApp channel).
/// </summary>
public sealed partial record TelegramNotification
{
    public static TelegramNotification From(MessengerNotificationDto dto)
    {
        var n = Notification.From(dto.Notification);
        return new(n.Id, n.Kind, n.Title, n.Body, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt, dto.UserId);
    }
}

public sealed partial record NotificationPage
{
    public static NotificationPage From(Page<NotificationDto> page) => new(page.Items.Select(Notification.From).ToList(), page.NextCursor);
}

public sealed partial record NotificationPreference
{
    public static NotificationPreference From(NotificationPreferenceDto dto) => new(dto.Kind, dto.Channel, dto.Enabled, dto.Chosen);
}

public sealed partial record NotificationPreferences
{
    public static NotificationPreferences From(IReadOnlyList<NotificationPreferenceDto> items) => new(items.Select(NotificationPreference.From).ToList());
}

public sealed partial record ReplaceNotificationPreferencesRequest
{
    public ReplaceMyNotificationPreferencesCommand ToCommand() =>
        new(Items.Select(i => new Application.Abstractions.Notifications.NotificationChoice(i.Kind, i.Channel, i.Enabled)).ToList());
}
