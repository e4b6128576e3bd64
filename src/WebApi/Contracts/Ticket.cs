using MakCrm.Application.Common;
using MakCrm.Application.Tickets;
using MakCrm.Domain.Help;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A support ticket (schema <c>Ticket</c>); the response times are whole seconds from its opening.</summary>
public sealed partial record Ticket
{
    public static Ticket From(TicketDto dto) => new(
        dto.Id, dto.OrganizationId, dto.AuthorUserId, dto.AuthorUser!, dto.Subject, dto.Category, dto.Priority, dto.Status, dto.AssigneeUserId,
        dto.AssigneeUser, dto.FirstResponseAt, Seconds(dto.CreatedAt, dto.FirstResponseAt), dto.ResolvedAt, Seconds(dto.CreatedAt, dto.ResolvedAt),
        dto.ClosedAt, dto.LastMessageAt, dto.MessageCount, dto.CreatedAt, dto.UpdatedAt, dto.Version);

    private static long? Seconds(DateTimeOffset from, DateTimeOffset? to) => to is { } end ? (long)(end - from).TotalSeconds : null;
}

public sealed partial record TicketPage
{
    public static TicketPage From(Page<TicketDto> page) => new(page.Items.Select(Ticket.From).ToList(), page.NextCursor);
}

/// <summary>One message of a ticket (schema <c>TicketMessage</c>).</summary>
public sealed partial record TicketMessage
{
    public static TicketMessage From(TicketMessageDto dto) => new(
        dto.Id, dto.TicketId, dto.AuthorUserId, dto.AuthorUser!, dto.FromSupport, dto.Internal, dto.Text, dto.AttachmentIds, dto.CreatedAt);
}

public sealed partial record TicketMessagePage
{
    public static TicketMessagePage From(Page<TicketMessageDto> page) => new(page.Items.Select(TicketMessage.From).ToList(), page.NextCursor);
}

public sealed partial record CreateTicketRequest
{
    public OpenTicketCommand ToCommand() => new(Subject, Category, Priority, Text, AttachmentIds);
}

public sealed partial record CreateTicketMessageRequest
{
    public AddTicketMessageCommand ToCommand(Guid ticketId) => new(ticketId, Text, Internal ?? false, AttachmentIds);
}
