using MakCrm.Application.Abstractions.Events;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Leads;

/// <summary>The events a change of a lead raises.</summary>
internal static class LeadEvents
{
    /// <summary>
    /// <c>lead.updated</c> for any change, and besides it <c>lead.status_changed</c> and <c>lead.responsible_changed</c>
    /// when those moved: a consumer that mirrors leads follows one type, one that reacts to a move follows its own.
    /// </summary>
    public static void RaiseChanges(IEventOutbox events, LeadBefore before, LeadDto lead)
    {
        if (lead.Version == before.Version)
        {
            return;
        }

        events.Raise(EventTypes.LeadUpdated, lead.OrganizationId, lead.Id, lead);
        if (before.Status != lead.Status)
        {
            events.Raise(EventTypes.LeadStatusChanged, lead.OrganizationId, lead.Id, lead);
        }

        if (before.ResponsibleUserId != lead.ResponsibleUserId)
        {
            events.Raise(EventTypes.LeadResponsibleChanged, lead.OrganizationId, lead.Id, lead);
        }
    }
}
