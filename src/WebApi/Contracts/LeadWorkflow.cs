using MakCrm.Application.Common;
using MakCrm.Application.LeadStatuses;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A status leads can be in (schema <c>LeadStatus</c>); <c>version</c> is what If-Match takes.</summary>
public sealed record LeadStatus(
    string Code,
    string Name,
    string Color,
    int Order,
    LeadStatusKind Kind,
    IReadOnlyList<string> Transitions,
    bool Initial,
    IReadOnlyList<string> AllowedRoles,
    int Version)
{
    public static LeadStatus From(LeadStatusDto dto) =>
        new(dto.Code, dto.Name, dto.Color, dto.Order, dto.Kind, dto.Transitions, dto.Initial, dto.AllowedRoles, dto.Version);
}

public sealed record LeadStatusList(IReadOnlyList<LeadStatus> Items)
{
    public static LeadStatusList From(IReadOnlyList<LeadStatusDto> statuses) => new(statuses.Select(LeadStatus.From).ToList());
}

public sealed record CreateLeadStatusRequest
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required string Color { get; init; }

    public required LeadStatusKind Kind { get; init; }

    public int? Order { get; init; }

    public IReadOnlyList<string> Transitions { get; init; } = [];

    public bool Initial { get; init; }

    public IReadOnlyList<string> AllowedRoles { get; init; } = [];

    public CreateLeadStatusCommand ToCommand() => new(Code, Name, Color, Kind, Order, Transitions, Initial, AllowedRoles);
}

/// <summary>A JSON merge patch of a lead status.</summary>
public sealed record UpdateLeadStatusRequest
{
    public string Name { get; init; } = "";

    public string Color { get; init; } = "";

    public LeadStatusKind Kind { get; init; }

    public int Order { get; init; }

    public IReadOnlyList<string> Transitions { get; init; } = [];

    public bool Initial { get; init; }

    public IReadOnlyList<string> AllowedRoles { get; init; } = [];

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
public sealed record Actor(Guid? UserId, string? ClientId, string? DisplayName)
{
    public static Actor Of(Guid? userId, string? clientId, UserRef? user) => new(userId, clientId, user?.DisplayName);
}

public sealed record LeadComment(Guid Id, Guid LeadId, Actor Author, string Text, DateTimeOffset CreatedAt)
{
    public static LeadComment From(LeadCommentDto dto) => new(dto.Id, dto.LeadId, Actor.Of(dto.AuthorUserId, dto.AuthorClientId, dto.AuthorUser), dto.Text, dto.CreatedAt);
}

public sealed record LeadCommentPage(IReadOnlyList<LeadComment> Items, string? NextCursor)
{
    public static LeadCommentPage From(Page<LeadCommentDto> page) => new(page.Items.Select(LeadComment.From).ToList(), page.NextCursor);
}

public sealed record CreateLeadCommentRequest
{
    public required string Text { get; init; }
}

/// <summary>A change of one field of a lead: its name as in <c>Lead</c>, and the values before and after as text.</summary>
public sealed record LeadChange(string Field, string? From, string? To);

/// <summary>A task on the lead: when it is due, whether it is done, and whose it is.</summary>
public sealed record TimelineTask(DateTimeOffset DueAt, DateTimeOffset? DoneAt, Guid AssigneeUserId, UserRef AssigneeUser);

/// <summary>A notification about the lead: of what kind, to whom, and whether it has been read.</summary>
public sealed record TimelineNotification(NotificationKind Kind, Guid RecipientUserId, UserRef RecipientUser, DateTimeOffset? ReadAt);

/// <summary>One item of a lead's timeline; the payload that matches <c>kind</c> is set, the others are null.</summary>
public sealed record TimelineItem(
    Guid Id,
    TimelineItemKind Kind,
    DateTimeOffset At,
    Actor Actor,
    LeadChange? Change,
    string? Text,
    TimelineTask? Task,
    TimelineNotification? Notification,
    TimelineLedgerEntry? LedgerEntry)
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

public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, string? NextCursor)
{
    public static TimelinePage From(Page<TimelineItemDto> page) => new(page.Items.Select(TimelineItem.From).ToList(), page.NextCursor);
}
