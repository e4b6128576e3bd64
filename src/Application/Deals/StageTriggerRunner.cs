using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Clients;
using MakCrm.Application.Leads;
using MakCrm.Application.Tasks;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Pipelines;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Deals;

/// <summary>
/// Runs a stage's triggers, in order, for a deal that has just entered it, inside the command's unit of work: what
/// they write commits with the move, and a trigger that fails (a lead status change the lead's current status does
/// not allow) fails the whole move. A trigger whose recipient or lead is missing (no responsible user, a user
/// disabled since, no lead, a lead status deleted since) does nothing.
/// </summary>
internal sealed class StageTriggerRunner(
    ITaskRepository tasks,
    TaskAssignment assignment,
    ILeadRepository leads,
    ILeadStatusRepository statuses,
    IUserDirectory users,
    INotificationOutbox outbox,
    Leads.LeadNotices notices,
    IEventOutbox events,
    ClientSummaryLookup summaries,
    ICurrentActor actor,
    TimeProvider clock
)
{
    public async Task<Result<Unit>> RunAsync(Deal deal, PipelineStage stage, CancellationToken cancellationToken)
    {
        foreach (var trigger in stage.Triggers)
        {
            var result = trigger.Kind switch
            {
                StageTriggerKind.CreateTask => await CreateTaskAsync(deal, trigger, cancellationToken),
                StageTriggerKind.SetLeadStatus => await SetLeadStatusAsync(deal, trigger, cancellationToken),
                _ => await NotifyAsync(deal, stage, trigger, cancellationToken),
            };
            if (!result.IsSuccess)
            {
                return result;
            }
        }

        return Unit.Value;
    }

    private async Task<Result<Unit>> CreateTaskAsync(
        Deal deal,
        StageTrigger trigger,
        CancellationToken cancellationToken
    )
    {
        if (await RecipientAsync(deal, trigger, cancellationToken) is not { } assignee)
        {
            return Unit.Value;
        }

        var now = clock.UtcNowMicroseconds();
        var details = new TaskDetails(trigger.Title!, null, assignee.Id, now.AddHours(trigger.DueInHours ?? 0), null);
        var created = CrmTask.Create(
            clock.NewId(),
            assignee.OrganizationId,
            TaskSubjectType.Deal,
            deal.Id,
            details,
            actor.UserId,
            now
        );
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        tasks.Add(created.Value);
        await assignment.NotifyAssigneeAsync(created.Value, cancellationToken);
        assignment.RaiseCreated(created.Value);
        return Unit.Value;
    }

    /// <summary>Through the lead itself, so that its transition rule holds and its history records the
    /// change.</summary>
    private async Task<Result<Unit>> SetLeadStatusAsync(
        Deal deal,
        StageTrigger trigger,
        CancellationToken cancellationToken
    )
    {
        if (
            deal.LeadId is not { } leadId
            || await leads.FindAsync(leadId, DataScope.All, cancellationToken) is not { } lead
            || await statuses.FindAsync(trigger.LeadStatus!, RowLock.Share, cancellationToken) is null
        )
        {
            return Unit.Value;
        }

        var current =
            await statuses.FindAsync(lead.Status, RowLock.None, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {lead.Id} is in the missing status '{lead.Status}'.");
        var before = Leads.LeadBefore.Of(lead);
        var moved = lead.Update(
            lead.Details with
            {
                Status = trigger.LeadStatus!,
            },
            current,
            actor.AsLeadActor(),
            clock.UtcNowMicroseconds()
        );
        if (moved.IsSuccess)
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

        return moved;
    }

    private async Task<Result<Unit>> NotifyAsync(
        Deal deal,
        PipelineStage stage,
        StageTrigger trigger,
        CancellationToken cancellationToken
    )
    {
        if (await RecipientAsync(deal, trigger, cancellationToken) is { } recipient)
        {
            await outbox.AddAsync(
                new NotificationDraft(
                    recipient.Id,
                    recipient.OrganizationId,
                    NotificationKind.StageTrigger,
                    trigger.Title ?? $"Сделка «{deal.Title}» перешла на этап «{stage.Name}»",
                    $"Сделка «{deal.Title}»: этап «{stage.Name}»",
                    NotificationSubjectType.Deal,
                    deal.Id
                ),
                cancellationToken
            );
        }

        return Unit.Value;
    }

    private async Task<ActiveUser?> RecipientAsync(Deal deal, StageTrigger trigger, CancellationToken cancellationToken)
    {
        var userId = trigger.Recipient == TriggerRecipient.User ? trigger.UserId : deal.ResponsibleUserId;
        return userId is { } id ? await users.FindActiveAsync(id, cancellationToken) : null;
    }
}
