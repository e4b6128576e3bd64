using MakCrm.Application.Abstractions.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>The events a change of a lead raises.</summary>
internal static class LeadEvents
{
    /// <summary>
    /// <c>lead.updated</c> for any change, and besides it <c>lead.status_changed</c> and <c>lead.responsible_changed</c>
    /// when those moved: a consumer that mirrors leads follows one type, one that reacts to a move follows its own.
    /// </summary>
    public static void RaiseChanges(IEventOutbox events, LeadDetails before, LeadDetails after, bool changed, LeadDto lead)
    {
        if (!changed)
        {
            return;
        }

        events.Raise(EventTypes.LeadUpdated, lead.OrganizationId, lead.Id, lead);
        if (before.Status != after.Status)
        {
            events.Raise(EventTypes.LeadStatusChanged, lead.OrganizationId, lead.Id, lead);
        }

        if (before.ResponsibleUserId != after.ResponsibleUserId)
        {
            events.Raise(EventTypes.LeadResponsibleChanged, lead.OrganizationId, lead.Id, lead);
        }
    }
}
