using MakCrm.Domain.Access;
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
    int Version
) : Contracts.IVersioned, INamesUsers, IAnswersAs<Contracts.Ticket>
{
    /// <summary>The author with their name; filled by the pipeline (<see cref="INamesUsers"/>), as is the
    /// assignee.</summary>
    public Contracts.UserRef? AuthorUser { get; init; }

    public Contracts.UserRef? AssigneeUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [AuthorUserId, AssigneeUserId];

    public object WithNames(UserNames names) =>
        this with
        {
            AuthorUser = names.Of(AuthorUserId),
            AssigneeUser = names.Of(AssigneeUserId),
        };

    Contracts.Ticket IAnswersAs<Contracts.Ticket>.ToRecord() => Contracts.Ticket.From(this);

    public static TicketDto From(Ticket t) =>
        new(
            t.Id,
            t.OrganizationId,
            t.AuthorUserId,
            t.Subject,
            t.Category,
            t.Priority,
            t.Status,
            t.AssigneeUserId,
            t.FirstResponseAt,
            t.ResolvedAt,
            t.ClosedAt,
            t.LastMessageAt,
            t.MessageCount,
            t.CreatedAt,
            t.UpdatedAt,
            t.Version
        );
}

public sealed record TicketMessageDto(
    Guid Id,
    Guid TicketId,
    Guid AuthorUserId,
    bool FromSupport,
    bool Internal,
    string Text,
    IReadOnlyList<Guid> AttachmentIds,
    DateTimeOffset CreatedAt
) : INamesUsers, IAnswersAs<Contracts.TicketMessage>
{
    public Contracts.UserRef? AuthorUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [AuthorUserId];

    public object WithNames(UserNames names) => this with { AuthorUser = names.Of(AuthorUserId) };

    Contracts.TicketMessage IAnswersAs<Contracts.TicketMessage>.ToRecord() => Contracts.TicketMessage.From(this);

    public static TicketMessageDto From(TicketMessage m) =>
        new(m.Id, m.TicketId, m.AuthorUserId, m.FromSupport, m.Internal, m.Text, m.AttachmentIds, m.CreatedAt);
}

/// <summary>A ticket with the message that opened or changed it, as the create and message operations answer.</summary>
public sealed record TicketWithMessageDto(TicketDto Ticket, TicketMessageDto Message)
    : Contracts.IVersioned,
        INamesUsers
{
    public Guid Id => Ticket.Id;

    public int Version => Ticket.Version;

    public IEnumerable<Guid?> UserIds() => Ticket.UserIds().Concat(Message.UserIds());

    public object WithNames(UserNames names) =>
        this with
        {
            Ticket = (TicketDto)Ticket.WithNames(names),
            Message = (TicketMessageDto)Message.WithNames(names),
        };
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
    Guid? AuthorUserId,
    string? Search = null,
    CreatedWindow? Created = null
);

public sealed record TicketListCriteria(
    DataScope Scope,
    TicketFilter Filter,
    SortOption<TicketSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class TicketCatalog
{
    public static SortCatalog<TicketSortField, TicketDto> Sorts { get; } =
        new(
            "tickets",
            "-createdAt",
            ("createdAt", TicketSortField.CreatedAt, typeof(DateTimeOffset), t => t.CreatedAt),
            ("lastMessageAt", TicketSortField.LastMessageAt, typeof(DateTimeOffset), t => t.LastMessageAt)
        );

    public static SortCatalog<TicketSortField, TicketMessageDto> MessageSorts { get; } =
        new(
            "ticket_messages",
            "createdAt",
            ("createdAt", TicketSortField.CreatedAt, typeof(DateTimeOffset), m => m.CreatedAt)
        );

    /// <summary>Every organization's tickets with <c>tickets.read.all</c>, else the caller's organization's.</summary>
    public static DataScope ScopeOf(ICurrentActor actor) => DataScope.For(actor, Permissions.TicketsReadAll);

    /// <summary>Support: who works on tickets, writes internal notes and reads them.</summary>
    public static bool IsSupport(ICurrentActor actor) => actor.Has(Permissions.TicketsManage);

    public static Error NotFound(Guid id) => Error.NotFound("Ticket", id);
}

/// <summary>
/// Support tickets and their messages as the API answers them (schemas <c>Ticket</c>, <c>TicketMessage</c>).
/// </summary>
public static class TicketAnswers
{
    extension(Contracts.Ticket)
    {
        /// <summary>A support ticket; the response times are whole seconds from its opening.</summary>
        public static Contracts.Ticket From(TicketDto dto) =>
            new(
                dto.Id,
                dto.OrganizationId,
                dto.AuthorUserId,
                dto.AuthorUser!,
                dto.Subject,
                dto.Category,
                dto.Priority,
                dto.Status,
                dto.AssigneeUserId,
                dto.AssigneeUser,
                dto.FirstResponseAt,
                Seconds(dto.CreatedAt, dto.FirstResponseAt),
                dto.ResolvedAt,
                Seconds(dto.CreatedAt, dto.ResolvedAt),
                dto.ClosedAt,
                dto.LastMessageAt,
                dto.MessageCount,
                dto.CreatedAt,
                dto.UpdatedAt,
                dto.Version
            );
    }

    extension(Contracts.TicketMessage)
    {
        public static Contracts.TicketMessage From(TicketMessageDto dto) =>
            new(
                dto.Id,
                dto.TicketId,
                dto.AuthorUserId,
                dto.AuthorUser!,
                dto.FromSupport,
                dto.Internal,
                dto.Text,
                dto.AttachmentIds,
                dto.CreatedAt
            );
    }

    private static long? Seconds(DateTimeOffset from, DateTimeOffset? to) =>
        to is { } end ? (long)(end - from).TotalSeconds : null;
}
