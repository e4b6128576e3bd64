using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Notifications;

public sealed record NotificationDto(
    Guid Id,
    NotificationKind Kind,
    string Title,
    string? Body,
    NotificationSubjectType? SubjectType,
    Guid? SubjectId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public static NotificationDto From(Notification n) =>
        new(n.Id, n.Kind, n.Title, n.Body, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt);
}

public enum NotificationSortField
{
    CreatedAt,
}

public sealed record NotificationListCriteria(
    Guid RecipientUserId,
    bool? Unread,
    SortOption<NotificationSortField> Sort,
    KeysetPosition? After,
    int Take);

public static class NotificationSorts
{
    /// <summary>Newest first, the only order the list offers.</summary>
    public static SortCatalog<NotificationSortField, NotificationDto> Catalog { get; } = new(
        "notifications",
        "-createdAt",
        ("createdAt", NotificationSortField.CreatedAt, typeof(DateTimeOffset), n => n.CreatedAt));
}

internal static class NotificationRecipient
{
    /// <summary>Notifications belong to users; an API client has none (the endpoints' policy refuses it before this).</summary>
    public static Guid Of(ICurrentActor actor) =>
        actor.UserId ?? throw new InvalidOperationException("Notifications are read by users only.");
}
