using MakCrm.Application.Abstractions.Notifications;
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
    TaskAssignment assignment,
    ILeadRepository leads,
    ILeadStatusRepository statuses,
    IUserDirectory users,
    INotificationOutbox outbox,
    LeadSystemChange leadChange,
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

        return await assignment.AddSystemTaskAsync(
            assignee,
            TaskSubjectType.Deal,
            deal.Id,
            trigger.Title!,
            trigger.DueInHours,
            clock.UtcNowMicroseconds(),
            clock.NewId(),
            cancellationToken
        );
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

        return await leadChange.ApplyAsync(
            lead,
            details => details with { Status = trigger.LeadStatus! },
            cancellationToken
        );
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
