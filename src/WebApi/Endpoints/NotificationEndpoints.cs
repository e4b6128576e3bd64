using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Domain.Access;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MakCrm.WebApi.Endpoints;

internal sealed class NotificationEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RateLimitedPerCaller()
            .RequireAuthorization(Permissions.NotificationsRead);
        group.MapGet("/", List).WithName("listNotifications").ProducesProblems(400, 401, 403);
        group.MapGet("/unread-count", CountUnread).WithName("countUnreadNotifications").ProducesProblems(401, 403);
        group.MapPost("/{id:guid}/read", MarkRead).WithName("markNotificationRead").ProducesProblems(401, 403, 404);
        group.MapPost("/read-all", MarkAllRead).WithName("markAllNotificationsRead").ProducesProblems(401, 403);
    }

    private static async Task<Results<Ok<NotificationPage>, ProblemHttpResult>> List(
        IQueryHandler<ListNotificationsQuery, Page<NotificationDto>> handler,
        CancellationToken cancellationToken,
        bool? unread = null,
        string? cursor = null,
        int? limit = null) =>
        Respond.Value(await handler.Handle(new ListNotificationsQuery(unread, cursor, limit), cancellationToken), NotificationPage.From);

    private static async Task<Results<Ok<UnreadNotificationCount>, ProblemHttpResult>> CountUnread(
        IQueryHandler<CountUnreadNotificationsQuery, int> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new CountUnreadNotificationsQuery(), cancellationToken), count => new UnreadNotificationCount(count));

    private static async Task<Results<Ok<Contracts.Notification>, ProblemHttpResult>> MarkRead(
        Guid id, ICommandHandler<MarkNotificationReadCommand, NotificationDto> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new MarkNotificationReadCommand(id), cancellationToken), Contracts.Notification.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkAllRead(
        ICommandHandler<MarkAllNotificationsReadCommand, int> handler, CancellationToken cancellationToken)
    {
        var result = await handler.Handle(new MarkAllNotificationsReadCommand(), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
    }
}
