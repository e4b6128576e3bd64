using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Notifications;

public enum NotificationSortField
{
    CreatedAt,
}

public sealed record NotificationListCriteria(
    Guid RecipientUserId,
    bool? Unread,
    SortOption<NotificationSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class NotificationSorts
{
    /// <summary>Newest first, the only order the list offers.</summary>
    public static SortCatalog<NotificationSortField, Contracts.Notification> Catalog { get; } =
        new(
            "notifications",
            "-createdAt",
            ("createdAt", NotificationSortField.CreatedAt, typeof(DateTimeOffset), n => n.CreatedAt)
        );
}

internal static class NotificationRecipient
{
    /// <summary>The signed-in user, for what only a user has (its preferences; the endpoint's policy refuses API
    /// clients).</summary>
    public static Guid Of(ICurrentActor actor) =>
        actor.UserId ?? throw new InvalidOperationException("Only a user has notification preferences.");
}

/// <summary>
/// Whose notifications a request reads. A user reads its own (naming another user is a 400); an API client with
/// <c>notifications.read</c> reads those of a user of its own organization, named by <c>userId</c> (required; a user
/// of another organization, or one who cannot sign in, is not found).
/// </summary>
internal sealed class NotificationReader(IUserDirectory users, ICurrentActor actor)
{
    public async Task<Result<Guid>> ResolveAsync(Guid? userId, CancellationToken cancellationToken)
    {
        if (actor.UserId is { } self)
        {
            return userId is null || userId == self
                ? self
                : Error.Validation(
                    "userId",
                    "A user reads only their own notifications: leave userId out or pass your own id."
                );
        }

        if (userId is not { } asked)
        {
            return Error.Validation(
                "userId",
                "Required for an API client: the id of the user of its organization whose notifications to read."
            );
        }

        return
            await users.FindActiveAsync(asked, cancellationToken) is { } user
            && user.OrganizationId == actor.OrganizationId
            ? user.Id
            : Error.NotFound("User", asked);
    }
}

/// <summary>Notifications as the API answers them.</summary>
public static class NotificationAnswers
{
    extension(Contracts.Notification)
    {
        public static Contracts.Notification From(Notification n) =>
            new(n.Id, n.Kind, n.Title, n.Body, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt);
    }
}
