using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>
/// Changes a lead on behalf of the system (a stage trigger, an automation rule) inside the caller's unit of work:
/// through the lead itself, so that its transition rule holds and its history records the change, then with the
/// notices and events a person's change has.
/// </summary>
public sealed class LeadSystemChange(
    ILeadStatusRepository statuses,
    LeadNotices notices,
    IEventOutbox events,
    ClientSummaryLookup summaries,
    ICurrentActor actor,
    TimeProvider clock
)
{
    public async Task<Result<Unit>> ApplyAsync(
        Lead lead,
        Func<LeadDetails, LeadDetails> change,
        CancellationToken cancellationToken
    )
    {
        var current =
            await statuses.FindAsync(lead.Status, RowLock.None, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {lead.Id} is in the missing status '{lead.Status}'.");
        var before = LeadBefore.Of(lead);
        var changed = lead.Update(change(lead.Details), current, actor.AsLeadActor(), clock.UtcNowMicroseconds());
        if (changed.IsSuccess)
        {
            await notices.AfterChangeAsync(lead, before, actor.AsLeadActor(), cancellationToken);
            LeadEvents.RaiseChanges(
                events,
                before,
                LeadDto.From(lead) with
                {
                    Client = await summaries.ForAsync(lead.ClientId, cancellationToken),
                }
            );
        }

        return changed;
    }
}
