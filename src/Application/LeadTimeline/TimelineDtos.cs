using MakCrm.Domain.Access;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.LeadTimeline;

public sealed record LeadCommentDto(
    Guid Id,
    Guid LeadId,
    Guid? AuthorUserId,
    string? AuthorClientId,
    string Text,
    DateTimeOffset CreatedAt,
    int Version
) : Contracts.IVersioned, INamesUsers
{
    /// <summary>The author with their name when a user wrote it; filled by the pipeline
    /// (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? AuthorUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [AuthorUserId];

    public object WithNames(UserNames names) => this with { AuthorUser = names.Of(AuthorUserId) };

    public static LeadCommentDto From(LeadComment comment) =>
        new(
            comment.Id,
            comment.LeadId,
            comment.AuthorUserId,
            comment.AuthorClientId,
            comment.Text,
            comment.CreatedAt,
            comment.Version
        );
}

/// <summary>
/// One item of a lead's or a client's timeline: the common part (id, kind, time, actor, the lead and deal it concerns)
/// and the payload of its kind — a field change for <c>history</c>; the text of a <c>comment</c>, the title of a
/// <c>task</c> or <c>notification</c>; a task's due and done times and assignee; a notification's kind, read time and
/// recipient; a ledger entry's kind, amount and organization (its comment in <c>Text</c>); a <c>deal</c>'s title (in
/// <c>Text</c>), amount and the stages it left and entered; a <c>document</c>'s file name (in <c>Text</c>), kind,
/// media type and size.
/// </summary>
public sealed record TimelineItemDto(
    Guid Id,
    Contracts.TimelineItemKind Kind,
    DateTimeOffset At,
    Guid? ActorUserId,
    string? ActorClientId,
    string? Field,
    string? OldValue,
    string? NewValue,
    string? Text,
    DateTimeOffset? DueAt = null,
    DateTimeOffset? DoneOrReadAt = null,
    Guid? UserId = null,
    NotificationKind? NotificationKind = null,
    LedgerEntryKind? LedgerEntryKind = null,
    decimal? Amount = null,
    Guid? OrganizationId = null,
    Guid? LeadId = null,
    Guid? DealId = null,
    Guid? PipelineId = null,
    Guid? StageId = null,
    Guid? FromPipelineId = null,
    Guid? FromStageId = null,
    DocumentKind? DocumentKind = null,
    string? ContentType = null,
    long? Size = null
) : INamesUsers
{
    /// <summary>The acting user with their name; filled by the pipeline (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? ActorUser { get; init; }

    /// <summary>A task's assignee or a notification's recipient (<see cref="UserId"/>) with their name.</summary>
    public Contracts.UserRef? User { get; init; }

    public IEnumerable<Guid?> UserIds() => [ActorUserId, UserId];

    public object WithNames(UserNames names) =>
        this with
        {
            ActorUser = names.Of(ActorUserId),
            User = names.Of(UserId),
        };
}

/// <summary>Timelines and comment lists are newest first only; their cursors carry the time and the id.</summary>
public static class TimelineSorts
{
    public enum Field
    {
        At,
    }

    public static SortCatalog<Field, TimelineItemDto> Timeline { get; } =
        new("lead-timeline", "-at", ("at", Field.At, typeof(DateTimeOffset), i => i.At));

    public static SortCatalog<Field, LeadCommentDto> Comments { get; } =
        new("lead-comments", "-at", ("at", Field.At, typeof(DateTimeOffset), c => c.CreatedAt));
}

/// <summary>
/// Whose timeline is read: one lead's (<see cref="LeadId"/>: its own items and its deals'), or one client's
/// (<see cref="ClientId"/>: every lead and deal of the client in the caller's scopes, and the client's own tasks and
/// documents). Each organization id narrows one kind of row to that organization's (null: every organization's).
/// </summary>
public sealed record TimelineSubject(
    Guid? LeadId,
    Guid? ClientId,
    Guid? LeadOrganizationId,
    Guid? DealOrganizationId,
    Guid? LedgerOrganizationId,
    Guid? DocumentOrganizationId
)
{
    /// <summary>A lead the caller was checked to see: its deals, ledger entries and documents in the caller's
    /// scopes.</summary>
    public static TimelineSubject OfLead(Guid leadId, ICurrentActor actor) =>
        new(
            leadId,
            null,
            null,
            Scope(actor, Permissions.DealsReadAll),
            Scope(actor, Permissions.LedgerReadAll),
            Scope(actor, Permissions.DocumentsReadAll)
        );

    /// <summary>A client the caller was checked to see: its leads, deals, ledger entries and documents in the caller's
    /// scopes.</summary>
    public static TimelineSubject OfClient(Guid clientId, ICurrentActor actor) =>
        new(
            null,
            clientId,
            Scope(actor, Permissions.LeadsReadAll),
            Scope(actor, Permissions.DealsReadAll),
            Scope(actor, Permissions.LedgerReadAll),
            Scope(actor, Permissions.DocumentsReadAll)
        );

    private static Guid? Scope(ICurrentActor actor, string readAllPermission) =>
        DataScope.For(actor, readAllPermission).OrganizationId;
}
