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
/// One item of a lead's timeline: the common part (id, kind, time, actor) and the payload of its kind — a field
/// change for <c>history</c>; the text of a <c>comment</c>, the title of a <c>task</c> or <c>notification</c>; a
/// task's due and done times and assignee; a notification's kind, read time and recipient; a ledger entry's kind,
/// amount and organization (its comment in <c>Text</c>).
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
    Guid? OrganizationId = null
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
