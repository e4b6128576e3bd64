namespace MakCrm.Application.Notifications;

/// <param name="UserId">Whose notifications: required for an API client (a user of its organization), else the caller's
/// own.</param>
public sealed record ListNotificationsQuery(
    bool? Unread = null,
    string? Cursor = null,
    int? Limit = null,
    Guid? UserId = null
) : IQuery<Page<Contracts.Notification>>;

internal sealed class ListNotificationsValidator : AbstractValidator<ListNotificationsQuery>
{
    public ListNotificationsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListNotificationsHandler(INotificationRepository notifications, NotificationReader reader)
    : IQueryHandler<ListNotificationsQuery, Page<Contracts.Notification>>
{
    public async Task<Result<Page<Contracts.Notification>>> Handle(
        ListNotificationsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(NotificationSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var recipient = await reader.ResolveAsync(query.UserId, cancellationToken);
        if (!recipient.IsSuccess)
        {
            return recipient.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new NotificationListCriteria(recipient.Value, query.Unread, sort, after, limit + 1);
        var rows = await notifications.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(NotificationSorts.Catalog, sort, rows, limit, n => n.Id);
    }
}

public sealed record CountUnreadNotificationsQuery(Guid? UserId = null) : IQuery<int>;

internal sealed class CountUnreadNotificationsHandler(INotificationRepository notifications, NotificationReader reader)
    : IQueryHandler<CountUnreadNotificationsQuery, int>
{
    public async Task<Result<int>> Handle(CountUnreadNotificationsQuery query, CancellationToken cancellationToken)
    {
        var recipient = await reader.ResolveAsync(query.UserId, cancellationToken);
        return recipient.IsSuccess
            ? (Result<int>)await notifications.CountUnreadAsync(recipient.Value, cancellationToken)
            : recipient.Error!;
    }
}
