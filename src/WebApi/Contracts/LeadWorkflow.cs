using MakCrm.Application.Common;
using MakCrm.Application.LeadStatuses;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A status leads can be in (schema <c>LeadStatus</c>); <c>version</c> is what If-Match takes.</summary>
public sealed partial record LeadStatus
{
    public static LeadStatus From(LeadStatusDto dto) =>
        new(dto.Code, dto.Name, dto.Color, dto.Order, dto.Kind, dto.Transitions, dto.Initial, dto.AllowedRoles, dto.Version);
}

public sealed partial record LeadStatusList
{
    public static LeadStatusList From(IReadOnlyList<LeadStatusDto> statuses) => new(statuses.Select(LeadStatus.From).ToList());
}

public sealed partial record CreateLeadStatusRequest
{
    public CreateLeadStatusCommand ToCommand() => new(Code, Name, Color, Kind, Order, Transitions, Initial, AllowedRoles);
}

/// <summary>A JSON merge patch of a lead status.</summary>
public sealed partial record UpdateLeadStatusRequest
{
    public static UpdateLeadStatusCommand ToCommand(string code, VersionCheck ifMatch, JsonBody<UpdateLeadStatusRequest> body)
    {
        var patch = body.Value;
        return new UpdateLeadStatusCommand(
            code,
            ifMatch,
            body.Field("name", patch.Name),
            body.Field("color", patch.Color),
            body.Field("kind", patch.Kind),
            body.Field("order", patch.Order),
            body.Field("transitions", patch.Transitions),
            body.Field("initial", patch.Initial),
            body.Field("allowedRoles", patch.AllowedRoles));
    }
}

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
