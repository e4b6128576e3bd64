using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Notifications;

public sealed record MarkNotificationReadCommand(Guid Id) : ICommand<NotificationDto>;

internal sealed class MarkNotificationReadHandler(INotificationRepository notifications, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<MarkNotificationReadCommand, NotificationDto>
{
    public async Task<Result<NotificationDto>> Handle(MarkNotificationReadCommand command, CancellationToken cancellationToken)
    {
        var notification = await notifications.FindAsync(command.Id, NotificationRecipient.Of(actor), cancellationToken);
        if (notification is null)
        {
            return Error.NotFound("Notification", command.Id);
        }

        notification.MarkRead(clock.UtcNowMicroseconds());
        return NotificationDto.From(notification);
    }
}

public sealed record MarkAllNotificationsReadCommand : ICommand<int>;

internal sealed class MarkAllNotificationsReadHandler(INotificationRepository notifications, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<MarkAllNotificationsReadCommand, int>
{
    public async Task<Result<int>> Handle(MarkAllNotificationsReadCommand command, CancellationToken cancellationToken) =>
        await notifications.MarkAllReadAsync(NotificationRecipient.Of(actor), clock.UtcNowMicroseconds(), cancellationToken);
}
