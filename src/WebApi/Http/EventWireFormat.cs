using System.Text.Json;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Auction;
using MakCrm.Application.Clients;
using MakCrm.Application.Deals;
using MakCrm.Application.LeadReturns;
using MakCrm.Application.Leads;
using MakCrm.Application.Ledger;
using MakCrm.Application.Organizations;
using MakCrm.Application.Tasks;
using MakCrm.Application.Transfer;
using MakCrm.Application.Users;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Writes what events carry in the API's own wire format: each resource through the same mapping and JSON options its
/// endpoints answer with, and the event envelope (<see cref="Contracts.Event"/>) likewise.
/// </summary>
internal sealed class EventWireFormat(IOptions<JsonOptions> json) : IEventWireFormat
{
    /// <summary>How each result type that events carry is answered by the API.</summary>
    private static readonly Dictionary<Type, Func<object, object>> Representations = new()
    {
        [typeof(Contracts.DeletedResource)] = r => r,
        [typeof(LeadDto)] = r => Contracts.Lead.From((LeadDto)r),
        [typeof(ClientDto)] = r => Contracts.Client.From((ClientDto)r),
        [typeof(DealDto)] = r => Contracts.Deal.From((DealDto)r),
        [typeof(TaskDto)] = r => Contracts.TaskItem.From((TaskDto)r),
        [typeof(LotView)] = r => Contracts.Lot.From((LotView)r),
        [typeof(LeadReturnDto)] = r => Contracts.LeadReturn.From((LeadReturnDto)r),
        [typeof(OrganizationDto)] = r => Contracts.Organization.From((OrganizationDto)r),
        [typeof(Contracts.User)] = r => r,
        [typeof(LedgerEntryDto)] = r => Contracts.LedgerEntry.From((LedgerEntryDto)r),
        [typeof(MakCrm.Application.Commissions.CommissionEntryDto)] = r => Contracts.CommissionEntry.From((MakCrm.Application.Commissions.CommissionEntryDto)r),
        [typeof(ImportOperationDto)] = r => Contracts.ImportOperation.From((ImportOperationDto)r),
        [typeof(MakCrm.Application.Notifications.MessengerNotificationDto)] = r => Contracts.TelegramNotification.From((MakCrm.Application.Notifications.MessengerNotificationDto)r),
        [typeof(Contracts.LessonCompletion)] = r => r,
        [typeof(MakCrm.Application.Training.SubmissionDto)] = r => Contracts.HomeworkSubmission.From((MakCrm.Application.Training.SubmissionDto)r),
        [typeof(Contracts.EventAttendance)] = r => r,
        [typeof(MakCrm.Application.Tickets.TicketDto)] = r => Contracts.Ticket.From((MakCrm.Application.Tickets.TicketDto)r),
        [typeof(MakCrm.Application.Tickets.TicketMessageDto)] = r => Contracts.TicketMessage.From((MakCrm.Application.Tickets.TicketMessageDto)r),
    };

    public string Resource(object resource)
    {
        var represent = Representations.GetValueOrDefault(resource.GetType())
            ?? throw new InvalidOperationException($"Events cannot carry a {resource.GetType().Name}: add how the API answers it to {nameof(EventWireFormat)}.");
        var wire = represent(resource);
        return JsonSerializer.Serialize(wire, wire.GetType(), json.Value.SerializerOptions);
    }

    public byte[] Event(EventRecord record) => JsonSerializer.SerializeToUtf8Bytes(Contracts.Event.From(record), json.Value.SerializerOptions);
}
