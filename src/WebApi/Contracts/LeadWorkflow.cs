using MakCrm.Application.Common;
using MakCrm.Application.LeadStatuses;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>Who did something: a user (with their name), or an API client (then <c>userId</c> and <c>displayName</c> are null).</summary>
public sealed partial record Actor
{
    public static Actor Of(Guid? userId, string? clientId, UserRef? user) => new(userId, clientId, user?.DisplayName);
}

public sealed partial record LeadComment
{
    public static LeadComment From(LeadCommentDto dto) => new(dto.Id, dto.LeadId, Actor.Of(dto.AuthorUserId, dto.AuthorClientId, dto.AuthorUser), dto.Text, dto.CreatedAt);
}

public sealed partial record LeadCommentPage
{
    public static LeadCommentPage From(Page<LeadCommentDto> page) => new(page.Items.Select(LeadComment.From).ToList(), page.NextCursor);
}

/// <summary>One item of a lead's timeline; the payload that matches <c>kind</c> is set, the others are null.</summary>
public sealed partial record TimelineItem
{
    public static TimelineItem From(TimelineItemDto dto) => new(
        dto.Id,
        dto.Kind,
        dto.At,
        Actor.Of(dto.ActorUserId, dto.ActorClientId, dto.ActorUser),
        dto.Kind == TimelineItemKind.History ? new LeadChange(dto.Field!, dto.OldValue, dto.NewValue) : null,
        dto.Text,
        dto.Kind == TimelineItemKind.Task ? new TimelineTask(dto.DueAt!.Value, dto.DoneOrReadAt, dto.UserId!.Value, dto.User!) : null,
        dto.Kind == TimelineItemKind.Notification
            ? new TimelineNotification(dto.NotificationKind!.Value, dto.UserId!.Value, dto.User!, dto.DoneOrReadAt)
            : null,
        dto.Kind == TimelineItemKind.Ledger ? new TimelineLedgerEntry(dto.LedgerEntryKind!.Value, dto.Amount!.Value, dto.OrganizationId!.Value) : null);
}

public sealed partial record TimelinePage
{
    public static TimelinePage From(Page<TimelineItemDto> page) => new(page.Items.Select(TimelineItem.From).ToList(), page.NextCursor);
}
