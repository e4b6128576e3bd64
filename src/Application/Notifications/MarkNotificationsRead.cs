namespace MakCrm.Application.Notifications;

public sealed record MarkNotificationReadCommand(Guid Id, Guid? UserId = null) : ICommand<Contracts.Notification>;

internal sealed class MarkNotificationReadHandler(
    INotificationRepository notifications,
    NotificationReader reader,
    TimeProvider clock
) : ICommandHandler<MarkNotificationReadCommand, Contracts.Notification>
{
    public async Task<Result<Contracts.Notification>> Handle(
        MarkNotificationReadCommand command,
        CancellationToken cancellationToken
    )
    {
        var recipient = await reader.ResolveAsync(command.UserId, cancellationToken);
        if (!recipient.IsSuccess)
        {
            return recipient.Error!;
        }

        var notification = await notifications.FindAsync(command.Id, recipient.Value, cancellationToken);
        if (notification is null)
        {
            return Error.NotFound("Notification", command.Id);
        }

        notification.MarkRead(clock.UtcNowMicroseconds());
        return Contracts.Notification.From(notification);
    }
}

public sealed record MarkAllNotificationsReadCommand(Guid? UserId = null) : ICommand<int>;

internal sealed class MarkAllNotificationsReadHandler(
    INotificationRepository notifications,
    NotificationReader reader,
    TimeProvider clock
) : ICommandHandler<MarkAllNotificationsReadCommand, int>
{
    public async Task<Result<int>> Handle(MarkAllNotificationsReadCommand command, CancellationToken cancellationToken)
    {
        var recipient = await reader.ResolveAsync(command.UserId, cancellationToken);
        return recipient.IsSuccess
            ? (Result<int>)
                await notifications.MarkAllReadAsync(recipient.Value, clock.UtcNowMicroseconds(), cancellationToken)
            : recipient.Error!;
    }
}
