using MakCrm.Application.Tickets;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class TicketMappings
{
    extension(CreateTicketRequest request)
    {
        public OpenTicketCommand ToCommand() =>
            new(request.Subject, request.Category, request.Priority, request.Text, request.AttachmentIds);
    }

    extension(CreateTicketMessageRequest request)
    {
        public AddTicketMessageCommand ToCommand(Guid ticketId) =>
            new(ticketId, request.Text, request.Internal ?? false, request.AttachmentIds);
    }
}
