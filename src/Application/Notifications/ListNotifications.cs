using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Notifications;

public sealed record ListNotificationsQuery(bool? Unread = null, string? Cursor = null, int? Limit = null) : IQuery<Page<NotificationDto>>;

internal sealed class ListNotificationsValidator : AbstractValidator<ListNotificationsQuery>
{
    public ListNotificationsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListNotificationsHandler(INotificationRepository notifications, ICurrentActor actor)
    : IQueryHandler<ListNotificationsQuery, Page<NotificationDto>>
{
    public async Task<Result<Page<NotificationDto>>> Handle(ListNotificationsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(NotificationSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new NotificationListCriteria(NotificationRecipient.Of(actor), query.Unread, sort, after, limit + 1);
        var rows = await notifications.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(NotificationSorts.Catalog, sort, rows, limit, n => n.Id);
    }
}

public sealed record CountUnreadNotificationsQuery : IQuery<int>;

internal sealed class CountUnreadNotificationsHandler(INotificationRepository notifications, ICurrentActor actor)
    : IQueryHandler<CountUnreadNotificationsQuery, int>
{
    public async Task<Result<int>> Handle(CountUnreadNotificationsQuery query, CancellationToken cancellationToken) =>
        await notifications.CountUnreadAsync(NotificationRecipient.Of(actor), cancellationToken);
}
