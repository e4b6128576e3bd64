using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Help;

namespace MakCrm.Application.Tickets;

public sealed record TicketDto(
    Guid Id,
    Guid OrganizationId,
    Guid AuthorUserId,
    string Subject,
    TicketCategory Category,
    TicketPriority Priority,
    TicketStatus Status,
    Guid? AssigneeUserId,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : Contracts.IVersioned, INamesUsers
{
    /// <summary>The author with their name; filled by the pipeline (<see cref="INamesUsers"/>), as is the assignee.</summary>
    public Contracts.UserRef? AuthorUser { get; init; }

    public Contracts.UserRef? AssigneeUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [AuthorUserId, AssigneeUserId];

    public object WithNames(UserNames names) => this with { AuthorUser = names.Of(AuthorUserId), AssigneeUser = names.Of(AssigneeUserId) };

    public static TicketDto From(Ticket t) => new(
        t.Id, t.OrganizationId, t.AuthorUserId, t.Subject, t.Category, t.Priority, t.Status, t.AssigneeUserId, t.FirstResponseAt,
        t.ResolvedAt, t.ClosedAt, t.LastMessageAt, t.MessageCount, t.CreatedAt, t.UpdatedAt, t.Version);
}

public sealed record TicketMessageDto(
    Guid Id,
    Guid TicketId,
    Guid AuthorUserId,
    bool FromSupport,
    bool Internal,
    string Text,
    IReadOnlyList<Guid> AttachmentIds,
    DateTimeOffset CreatedAt) : INamesUsers
{
    public Contracts.UserRef? AuthorUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [AuthorUserId];

    public object WithNames(UserNames names) => this with { AuthorUser = names.Of(AuthorUserId) };

    public static TicketMessageDto From(TicketMessage m) =>
        new(m.Id, m.TicketId, m.AuthorUserId, m.FromSupport, m.Internal, m.Text, m.AttachmentIds, m.CreatedAt);
}

/// <summary>A ticket with the message that opened or changed it, as the create and message operations answer.</summary>
public sealed record TicketWithMessageDto(TicketDto Ticket, TicketMessageDto Message) : Contracts.IVersioned, INamesUsers
{
    public Guid Id => Ticket.Id;

    public int Version => Ticket.Version;

    public IEnumerable<Guid?> UserIds() => Ticket.UserIds().Concat(Message.UserIds());

    public object WithNames(UserNames names) => this with { Ticket = (TicketDto)Ticket.WithNames(names), Message = (TicketMessageDto)Message.WithNames(names) };
}

public enum TicketSortField
{
    CreatedAt,
    LastMessageAt,
}

/// <param name="Assignee">Only tickets of this assignee; <see cref="Unassigned"/>: only tickets nobody handles.</param>
/// <param name="AuthorUserId">Only tickets this user opened.</param>
public sealed record TicketFilter(
    TicketStatus? Status,
    Guid? Assignee,
    bool Unassigned,
    TicketCategory? Category,
    TicketPriority? Priority,
    Guid? AuthorUserId);

public sealed record TicketListCriteria(DataScope Scope, TicketFilter Filter, SortOption<TicketSortField> Sort, KeysetPosition? After, int Take);

public static class TicketCatalog
{
    public static SortCatalog<TicketSortField, TicketDto> Sorts { get; } = new(
        "tickets",
        "-createdAt",
        ("createdAt", TicketSortField.CreatedAt, typeof(DateTimeOffset), t => t.CreatedAt),
        ("lastMessageAt", TicketSortField.LastMessageAt, typeof(DateTimeOffset), t => t.LastMessageAt));

    public static SortCatalog<TicketSortField, TicketMessageDto> MessageSorts { get; } = new(
        "ticket_messages",
        "createdAt",
        ("createdAt", TicketSortField.CreatedAt, typeof(DateTimeOffset), m => m.CreatedAt));

    /// <summary>Every organization's tickets with <c>tickets.read.all</c>, else the caller's organization's.</summary>
    public static DataScope ScopeOf(ICurrentActor actor) => DataScope.For(actor, Permissions.TicketsReadAll);

    /// <summary>Support: who works on tickets, writes internal notes and reads them.</summary>
    public static bool IsSupport(ICurrentActor actor) => actor.Has(Permissions.TicketsManage);

    public static Error NotFound(Guid id) => Error.NotFound("Ticket", id);
}
