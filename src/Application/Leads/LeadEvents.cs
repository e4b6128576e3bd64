using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Leads.Intake;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Leads;

/// <summary>The events a change of a lead raises.</summary>
internal static class LeadEvents
{
    /// <summary>
    /// <c>lead.updated</c> for any change, and besides it <c>lead.status_changed</c> and
    /// <c>lead.responsible_changed</c>
    /// when those moved: a consumer that mirrors leads follows one type, one that reacts to a move follows its own.
    /// </summary>
    public static void RaiseChanges(IEventOutbox events, LeadBefore before, LeadDto lead)
    {
        if (lead.Version == before.Version)
        {
            return;
        }

        events.Raise(EventPayloads.LeadUpdated, lead.OrganizationId, lead.Id, lead);
        if (before.Status != lead.Status)
        {
            events.Raise(EventPayloads.LeadStatusChanged, lead.OrganizationId, lead.Id, lead);
        }

        if (before.ResponsibleUserId != lead.ResponsibleUserId)
        {
            events.Raise(EventPayloads.LeadResponsibleChanged, lead.OrganizationId, lead.Id, lead);
        }
    }

    /// <summary>
    /// A lead that came in through the API (created or submitted): <c>client.created</c> for a client created with it,
    /// <c>lead.created</c>, and <c>lead.duplicate_detected</c> when the duplicate control linked it to an open
    /// original.
    /// Imports raise none of these per row: an import announces itself once, with <c>import.completed</c>.
    /// </summary>
    public static void RaiseIntake(IEventOutbox events, LeadIntakeOutcome outcome)
    {
        var lead = outcome.Lead;
        if (outcome.NewClient is { } client)
        {
            events.Raise(EventPayloads.ClientCreated, client.OrganizationId, client.Id, client);
        }

        events.Raise(EventPayloads.LeadCreated, lead.OrganizationId, lead.Id, lead);
        if (outcome.Duplicate is not null)
        {
            events.Raise(EventPayloads.LeadDuplicateDetected, lead.OrganizationId, lead.Id, lead);
        }
    }

    /// <summary>A lead handed over (by the auction or an accepted return) or otherwise moved outside an
    /// update.</summary>
    public static void RaiseMove(IEventOutbox events, LeadBefore before, LeadDto lead) =>
        RaiseChanges(events, before, lead);
}
