using MakCrm.Application.Common;
using MakCrm.Application.Tickets;
using MakCrm.Domain.Help;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A support ticket (schema <c>Ticket</c>); the response times are whole seconds from its opening.</summary>
public sealed record Ticket(
    Guid Id,
    Guid OrganizationId,
    Guid AuthorUserId,
    UserRef AuthorUser,
    string Subject,
    TicketCategory Category,
    TicketPriority Priority,
    TicketStatus Status,
    Guid? AssigneeUserId,
    UserRef? AssigneeUser,
    DateTimeOffset? FirstResponseAt,
    long? FirstResponseSeconds,
    DateTimeOffset? ResolvedAt,
    long? ResolutionSeconds,
    DateTimeOffset? ClosedAt,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static Ticket From(TicketDto dto) => new(
        dto.Id, dto.OrganizationId, dto.AuthorUserId, dto.AuthorUser!, dto.Subject, dto.Category, dto.Priority, dto.Status, dto.AssigneeUserId,
        dto.AssigneeUser, dto.FirstResponseAt, Seconds(dto.CreatedAt, dto.FirstResponseAt), dto.ResolvedAt, Seconds(dto.CreatedAt, dto.ResolvedAt),
        dto.ClosedAt, dto.LastMessageAt, dto.MessageCount, dto.CreatedAt, dto.UpdatedAt, dto.Version);

    private static long? Seconds(DateTimeOffset from, DateTimeOffset? to) => to is { } end ? (long)(end - from).TotalSeconds : null;
}

public sealed record TicketPage(IReadOnlyList<Ticket> Items, string? NextCursor)
{
    public static TicketPage From(Page<TicketDto> page) => new(page.Items.Select(Ticket.From).ToList(), page.NextCursor);
}

/// <summary>One message of a ticket (schema <c>TicketMessage</c>).</summary>
public sealed record TicketMessage(
    Guid Id, Guid TicketId, Guid AuthorUserId, UserRef AuthorUser, bool FromSupport, bool Internal, string Text, IReadOnlyList<Guid> AttachmentIds, DateTimeOffset CreatedAt)
{
    public static TicketMessage From(TicketMessageDto dto) => new(
        dto.Id, dto.TicketId, dto.AuthorUserId, dto.AuthorUser!, dto.FromSupport, dto.Internal, dto.Text, dto.AttachmentIds, dto.CreatedAt);
}

public sealed record TicketMessagePage(IReadOnlyList<TicketMessage> Items, string? NextCursor)
{
    public static TicketMessagePage From(Page<TicketMessageDto> page) => new(page.Items.Select(TicketMessage.From).ToList(), page.NextCursor);
}

public sealed record CreateTicketRequest
{
    public required string Subject { get; init; }

    public required TicketCategory Category { get; init; }

    public TicketPriority? Priority { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Guid>? AttachmentIds { get; init; }

    public OpenTicketCommand ToCommand() => new(Subject, Category, Priority, Text, AttachmentIds);
}

public sealed record CreateTicketMessageRequest
{
    public required string Text { get; init; }

    public bool? Internal { get; init; }

    public IReadOnlyList<Guid>? AttachmentIds { get; init; }

    public AddTicketMessageCommand ToCommand(Guid ticketId) => new(ticketId, Text, Internal ?? false, AttachmentIds);
}

/// <summary>Support's JSON merge patch of a ticket: which fields are present matters, so the command gets them as <see cref="Patch{T}"/>.</summary>
public sealed record UpdateTicketRequest
{
    public TicketStatus Status { get; init; }

    public Guid? AssigneeUserId { get; init; }

    public TicketPriority Priority { get; init; }

    public static UpdateTicketCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateTicketRequest> body)
    {
        var patch = body.Value;
        return new UpdateTicketCommand(
            id,
            ifMatch,
            body.Field<TicketStatus>("status", patch.Status),
            body.Field<Guid?>("assigneeUserId", patch.AssigneeUserId),
            body.Field<TicketPriority>("priority", patch.Priority));
    }
}
