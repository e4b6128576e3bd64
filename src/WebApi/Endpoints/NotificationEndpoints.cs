using MakCrm.Application.Notifications;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class NotificationEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications");
        group.MapGet("/", List).WithName("listNotifications");
        group.MapGet("/unread-count", CountUnread).WithName("countUnreadNotifications");
        group.MapPost("/{id:guid}/read", MarkRead).WithName("markNotificationRead");
        group.MapPost("/read-all", MarkAllRead).WithName("markAllNotificationsRead");

        // A user's own choices of kinds and channels: any user, never an API client (it has no preferences of its own).
        var preferences = app.MapGroup("/api/v1/me/notification-preferences");
        preferences.MapGet("/", GetPreferences).WithName("getMyNotificationPreferences");
        preferences.MapPut("/", ReplacePreferences).WithName("replaceMyNotificationPreferences");
    }

    private static async Task<Results<JsonOk<NotificationPage>, ProblemHttpResult>> List(
        IQueryHandler<ListNotificationsQuery, Page<Contracts.Notification>> handler,
        [AsParameters] ListNotificationsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new ListNotificationsQuery(query.Unread, query.Cursor, query.Limit, query.UserId),
                cancellationToken
            ),
            NotificationPage.From
        );

    private static async Task<Results<JsonOk<UnreadNotificationCount>, ProblemHttpResult>> CountUnread(
        IQueryHandler<CountUnreadNotificationsQuery, int> handler,
        [AsParameters] CountUnreadNotificationsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new CountUnreadNotificationsQuery(query.UserId), cancellationToken),
            count => new UnreadNotificationCount(count)
        );

    private static async Task<Results<JsonOk<Contracts.Notification>, ProblemHttpResult>> MarkRead(
        Guid id,
        ICommandHandler<MarkNotificationReadCommand, Contracts.Notification> handler,
        [AsParameters] MarkNotificationReadParameters query,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new MarkNotificationReadCommand(id, query.UserId), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkAllRead(
        ICommandHandler<MarkAllNotificationsReadCommand, int> handler,
        [AsParameters] MarkAllNotificationsReadParameters query,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(new MarkAllNotificationsReadCommand(query.UserId), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
    }

    private static async Task<Results<JsonOk<NotificationPreferences>, ProblemHttpResult>> GetPreferences(
        HttpResponse response,
        IQueryHandler<GetMyNotificationPreferencesQuery, IReadOnlyList<Contracts.NotificationPreference>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Tagged(
            response,
            await handler.Handle(new GetMyNotificationPreferencesQuery(), cancellationToken),
            ContentTag.Of,
            NotificationPreferences.From
        );

    private static async Task<Results<JsonOk<NotificationPreferences>, ProblemHttpResult>> ReplacePreferences(
        ICommandHandler<
            ReplaceMyNotificationPreferencesCommand,
            IReadOnlyList<Contracts.NotificationPreference>
        > handler,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        Body<ReplaceNotificationPreferencesRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Tagged(
            response,
            await handler.Handle(body.Value.ToCommand(ETag.IfMatch(ifMatch)), cancellationToken),
            ContentTag.Of,
            NotificationPreferences.From
        );
}
