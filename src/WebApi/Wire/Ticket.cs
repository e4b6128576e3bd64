using MakCrm.Application.Common;
using MakCrm.Application.Tickets;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class TicketMappings
{
    /// <summary>A support ticket (schema <c>Ticket</c>); the response times are whole seconds from its opening.</summary>
    extension(Ticket)
    {
        public static Ticket From(TicketDto dto) => new(
            dto.Id, dto.OrganizationId, dto.AuthorUserId, dto.AuthorUser!, dto.Subject, dto.Category, dto.Priority, dto.Status, dto.AssigneeUserId,
            dto.AssigneeUser, dto.FirstResponseAt, Seconds(dto.CreatedAt, dto.FirstResponseAt), dto.ResolvedAt, Seconds(dto.CreatedAt, dto.ResolvedAt),
            dto.ClosedAt, dto.LastMessageAt, dto.MessageCount, dto.CreatedAt, dto.UpdatedAt, dto.Version);

        private static long? Seconds(DateTimeOffset from, DateTimeOffset? to) => to is { } end ? (long)(end - from).TotalSeconds : null;
    }

    /// <summary>One message of a ticket (schema <c>TicketMessage</c>).</summary>
    extension(TicketMessage)
    {
        public static TicketMessage From(TicketMessageDto dto) => new(
            dto.Id, dto.TicketId, dto.AuthorUserId, dto.AuthorUser!, dto.FromSupport, dto.Internal, dto.Text, dto.AttachmentIds, dto.CreatedAt);
    }

    extension(CreateTicketRequest request)
    {
        public OpenTicketCommand ToCommand() => new(request.Subject, request.Category, request.Priority, request.Text, request.AttachmentIds);
    }

    extension(CreateTicketMessageRequest request)
    {
        public AddTicketMessageCommand ToCommand(Guid ticketId) => new(ticketId, request.Text, request.Internal ?? false, request.AttachmentIds);
    }
}
