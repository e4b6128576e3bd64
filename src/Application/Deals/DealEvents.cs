using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Deals;

/// <summary>The events a change of a deal raises.</summary>
internal static class DealEvents
{
    /// <summary>
    /// A move into <paramref name="stage"/>: <c>deal.updated</c> (any change), <c>deal.stage_changed</c>, and
    /// <c>deal.won</c> or <c>deal.lost</c> when the stage closes the deal that way.
    /// </summary>
    public static void RaiseMove(IEventOutbox events, PipelineStage stage, DealDto deal)
    {
        events.Raise(EventPayloads.DealUpdated, deal.OrganizationId, deal.Id, deal);
        events.Raise(EventPayloads.DealStageChanged, deal.OrganizationId, deal.Id, deal);
        RaiseClosing(events, stage, deal);
    }

    /// <summary><c>deal.won</c> or <c>deal.lost</c> for a deal that is in (or has just entered) a closing
    /// stage.</summary>
    public static void RaiseClosing(IEventOutbox events, PipelineStage stage, DealDto deal)
    {
        if (stage.Kind == StageKind.Won)
        {
            events.Raise(EventPayloads.DealWon, deal.OrganizationId, deal.Id, deal);
        }
        else if (stage.Kind == StageKind.Lost)
        {
            events.Raise(EventPayloads.DealLost, deal.OrganizationId, deal.Id, deal);
        }
    }
}
