using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Leads;
using MakCrm.Application.Reports;
using MakCrm.Application.Tasks;
using MakCrm.Domain.Automation;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Automation;

/// <summary>
/// Runs one rule on one occurrence, once: a rule that has run on it already does nothing (the run's unique key), an
/// occurrence raised by rules <see cref="MaxDepth"/> levels deep is recorded as <c>loop_stopped</c> and not acted on, a
/// condition that does not hold as <c>skipped</c>. The actions run in order in one transaction with the run's record
/// and the loop guard's marks on the events they raise; an action that fails rolls them all back, and the run is then
/// recorded as <c>failed</c> with the error in a transaction of its own. The scope acts for the subject's
/// organization, with no user and no permission.
/// </summary>
public sealed class AutomationRunner(
    IAutomationRuleRepository rules,
    IAutomationDepths depths,
    IReportEngine reports,
    ReportPlanning planning,
    IAutomationActions actions,
    IUnitOfWork unitOfWork,
    ActorOverride actorOverride,
    TimeProvider clock
)
{
    /// <summary>How deep in rules' own events a rule still acts: an event raised by the actions of a run on an event
    /// raised by actions (…) this many times is not acted on.</summary>
    public const int MaxDepth = 3;

    public async Task<AutomationRunOutcome?> RunAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        if (await rules.HasRunAsync(rule.Id, occurrence.Key, cancellationToken))
        {
            return null;
        }

        actorOverride.ActAs(new OnBehalfOf(occurrence.OrganizationId, null, null, []));
        if (occurrence.Depth >= MaxDepth)
        {
            return await RecordAsync(rule, occurrence, AutomationRunOutcome.LoopStopped, null, 0, cancellationToken);
        }

        if (!await HoldsAsync(rule, occurrence, cancellationToken))
        {
            return await RecordAsync(rule, occurrence, AutomationRunOutcome.Skipped, null, 0, cancellationToken);
        }

        string error;
        int done;
        await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
        {
            depths.Watch();
            (var acted, done) = await ActAsync(rule, occurrence, cancellationToken);
            if (acted.IsSuccess)
            {
                rules.AddRun(Run(rule, occurrence, AutomationRunOutcome.Succeeded, null, done));
                await depths.MarkRaisedAsync(occurrence.Depth + 1, cancellationToken);
                var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
                if (saved.IsSuccess)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return AutomationRunOutcome.Succeeded;
                }

                acted = saved.Error!;
            }

            error = ErrorOf(rule, acted.Error!, done);
        }

        unitOfWork.DiscardChanges();
        return await RecordAsync(rule, occurrence, AutomationRunOutcome.Failed, error, done, cancellationToken);
    }

    /// <summary>
    /// What running the rule on the occurrence would do, found by doing it and rolling it back: the condition read
    /// as a run reads it, then every action through the same code in a transaction that is never committed (events,
    /// notifications and webhook deliveries are rows of it, so none goes out) and no run recorded.
    /// </summary>
    public async Task<AutomationDryRunDto> DryRunAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        actorOverride.ActAs(new OnBehalfOf(occurrence.OrganizationId, null, null, []));
        if (!await HoldsAsync(rule, occurrence, cancellationToken))
        {
            return new AutomationDryRunDto(AutomationRunOutcome.Skipped, 0, null);
        }

        AutomationDryRunDto result;
        await using (await unitOfWork.BeginAsync(cancellationToken))
        {
            var (acted, done) = await ActAsync(rule, occurrence, cancellationToken);
            if (acted.IsSuccess && await unitOfWork.SaveChangesAsync(cancellationToken) is { IsSuccess: false } saved)
            {
                acted = saved.Error!;
            }

            result = acted.IsSuccess
                ? new AutomationDryRunDto(AutomationRunOutcome.Succeeded, done, null)
                : new AutomationDryRunDto(AutomationRunOutcome.Failed, done, ErrorOf(rule, acted.Error!, done));
        } // never committed: disposing the transaction rolls every action back

        unitOfWork.DiscardChanges();
        return result;
    }

    /// <summary>The rule's actions in order in the caller's transaction, up to the first that fails.</summary>
    private async Task<(Result<Unit> Acted, int Done)> ActAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        var done = 0;
        foreach (var action in rule.Actions)
        {
            var acted = await actions.RunAsync(rule, action, occurrence, done, cancellationToken);
            if (!acted.IsSuccess)
            {
                return (acted, done);
            }

            done++;
        }

        return (Unit.Value, done);
    }

    private static string ErrorOf(AutomationRule rule, Error error, int done) =>
        $"actions[{done}] ({SnakeCaseNames.Of(rule.Actions[Math.Min(done, rule.Actions.Count - 1)].Type)}): "
        + error.Describe();

    private async Task<bool> HoldsAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        if (
            rule.Condition is not { } json
            || AutomationSubjects.DatasetOf(rule.Trigger.Type) is not { } dataset
            || ReportFilter.FromJson(json) is not { } filter
        )
        {
            return true;
        }

        dataset = await planning.ForConditionAsync(dataset, filter, running: true, cancellationToken);
        var (planned, _) = ReportPlanner.PlanFilter(filter, dataset, "condition");
        if (planned is null)
        {
            // The catalogue no longer has what the condition names: the condition cannot hold.
            return false;
        }

        var result = await reports.RunAsync(
            ReportPlanner.Matching(dataset, occurrence.SubjectId, planned),
            cancellationToken
        );
        return result.IsSuccess && result.Value.Totals is [long count, ..] && count > 0;
    }

    private AutomationRun Run(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        AutomationRunOutcome outcome,
        string? error,
        int done
    ) => AutomationRun.Record(clock.NewId(), rule.Id, occurrence, outcome, error, done, clock.UtcNowMicroseconds());

    private async Task<AutomationRunOutcome> RecordAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        AutomationRunOutcome outcome,
        string? error,
        int done,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        rules.AddRun(Run(rule, occurrence, outcome, error, done));
        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        if (!saved.IsSuccess)
        {
            throw new InvalidOperationException($"The run of rule {rule.Id} could not be recorded: {saved.Error}.");
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }
}

/// <summary>
/// Does one action of a rule on its subject, in the caller's unit of work, through the features' own code: a task as
/// the task commands make one, a lead's status and responsible through the lead, a notification through the
/// notification outbox (each recipient's channels), a webhook call through the webhook delivery. A subject or
/// recipient that is missing (a deleted lead, a task with no responsible to give it to) is an error: the run fails
/// and says why.
/// </summary>
public interface IAutomationActions
{
    /// <summary>Does the action in the caller's unit of work; an error says why it could not.</summary>
    Task<Result<Unit>> RunAsync(
        AutomationRule rule,
        RuleAction action,
        AutomationOccurrence occurrence,
        int index,
        CancellationToken cancellationToken
    );
}

/// <summary>Does one action of a rule on its subject (<see cref="IAutomationActions.RunAsync"/>).</summary>
internal sealed class AutomationActions(
    ILeadRepository leads,
    IDealRepository deals,
    ITaskRepository tasks,
    TaskAssignment assignment,
    LeadSystemChange leadChange,
    IUserDirectory users,
    IAutomationRuleRepository rules,
    IAutomationWebhooks webhooks,
    INotificationOutbox outbox,
    TimeProvider clock
) : IAutomationActions
{
    public async Task<Result<Unit>> RunAsync(
        AutomationRule rule,
        RuleAction action,
        AutomationOccurrence occurrence,
        int index,
        CancellationToken cancellationToken
    ) =>
        action.Type switch
        {
            AutomationActionType.CreateTask => await CreateTaskAsync(rule, action, occurrence, cancellationToken),
            AutomationActionType.Assign => await AssignAsync(rule, action, occurrence, cancellationToken),
            AutomationActionType.SetStatus => await SetStatusAsync(action, occurrence, cancellationToken),
            AutomationActionType.Notify => await NotifyAsync(rule, action, occurrence, cancellationToken),
            _ => occurrence.EventId is not null || occurrence.DryRun
                ? await webhooks.QueueAsync(action.WebhookId!.Value, occurrence.EventId, cancellationToken)
                : Error.Validation($"actions[{index}]", "A time trigger has no event to deliver to a webhook."),
        };

    private async Task<Result<Unit>> CreateTaskAsync(
        AutomationRule rule,
        RuleAction action,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        var subject = await SubjectAsync(occurrence, cancellationToken);
        if (!subject.IsSuccess)
        {
            return subject.Error!;
        }

        var (taskSubject, taskSubjectId, responsible) = subject.Value;
        var assignee = await RecipientAsync(rule, action, occurrence, responsible, cancellationToken);
        if (!assignee.IsSuccess)
        {
            return assignee.Error!;
        }

        return await assignment.AddSystemTaskAsync(
            assignee.Value,
            taskSubject,
            taskSubjectId,
            action.Title!,
            action.DueInHours,
            clock.UtcNowMicroseconds(),
            clock.NewId(),
            cancellationToken
        );
    }

    private async Task<Result<Unit>> AssignAsync(
        AutomationRule rule,
        RuleAction action,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        if (await leads.FindAsync(occurrence.SubjectId, DataScope.All, cancellationToken) is not { } lead)
        {
            return Error.NotFound("Lead", occurrence.SubjectId);
        }

        var user = await RecipientAsync(rule, action, occurrence, lead.ResponsibleUserId, cancellationToken);
        return user.IsSuccess
            ? await leadChange.ApplyAsync(
                lead,
                details => details with { ResponsibleUserId = user.Value.Id },
                cancellationToken
            )
            : user.Error!;
    }

    private async Task<Result<Unit>> SetStatusAsync(
        RuleAction action,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        var leadId = occurrence.SubjectId;
        if (occurrence.SubjectType == AutomationSubjects.Deal)
        {
            var deal = await deals.FindAsync(occurrence.SubjectId, DataScope.All, cancellationToken);
            if (deal?.LeadId is not { } dealLead)
            {
                return Error.NotFound("Lead of the deal", occurrence.SubjectId);
            }

            leadId = dealLead;
        }

        if (await leads.FindAsync(leadId, DataScope.All, cancellationToken) is not { } lead)
        {
            return Error.NotFound("Lead", leadId);
        }

        return lead.Status == action.Status
            ? Unit.Value
            : await leadChange.ApplyAsync(lead, details => details with { Status = action.Status! }, cancellationToken);
    }

    private async Task<Result<Unit>> NotifyAsync(
        AutomationRule rule,
        RuleAction action,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        Guid? responsible = null;
        if (occurrence.SubjectType != AutomationSubjects.Organization)
        {
            var subject = await SubjectAsync(occurrence, cancellationToken);
            if (!subject.IsSuccess)
            {
                return subject.Error!;
            }

            responsible = subject.Value.Responsible;
        }

        var recipient = await RecipientAsync(rule, action, occurrence, responsible, cancellationToken);
        if (!recipient.IsSuccess)
        {
            return recipient.Error!;
        }

        NotificationSubjectType? subjectType = occurrence.SubjectType switch
        {
            AutomationSubjects.Lead => NotificationSubjectType.Lead,
            AutomationSubjects.Deal => NotificationSubjectType.Deal,
            AutomationSubjects.Task => NotificationSubjectType.Task,
            _ => null,
        };
        await outbox.AddAsync(
            new NotificationDraft(
                recipient.Value.Id,
                recipient.Value.OrganizationId,
                NotificationKind.Generic,
                action.Message!,
                rule.Name,
                subjectType,
                subjectType is null ? null : occurrence.SubjectId
            ),
            cancellationToken
        );
        return Unit.Value;
    }

    /// <summary>What a task of the rule is made on and who is responsible for the subject.</summary>
    private async Task<Result<(TaskSubjectType Type, Guid Id, Guid? Responsible)>> SubjectAsync(
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        switch (occurrence.SubjectType)
        {
            case AutomationSubjects.Lead:
                return await leads.FindAsync(occurrence.SubjectId, DataScope.All, cancellationToken) is { } lead
                    ? (TaskSubjectType.Lead, lead.Id, lead.ResponsibleUserId)
                    : Error.NotFound("Lead", occurrence.SubjectId);
            case AutomationSubjects.Deal:
                return await deals.FindAsync(occurrence.SubjectId, DataScope.All, cancellationToken) is { } deal
                    ? (TaskSubjectType.Deal, deal.Id, deal.ResponsibleUserId)
                    : Error.NotFound("Deal", occurrence.SubjectId);
            default:
                return await tasks.FindAsync(occurrence.SubjectId, DataScope.All, cancellationToken) is { } task
                    ? (task.SubjectType, task.SubjectId, task.AssigneeUserId)
                    : Error.NotFound("Task", occurrence.SubjectId);
        }
    }

    /// <summary>
    /// The user an action names: the subject's responsible, the named user, the next candidate in turn, or the
    /// candidate with the fewest open tasks — the candidates being the users a lead of the subject's organization
    /// may be given to (its own users when it has such, otherwise head office's), by display name.
    /// </summary>
    private async Task<Result<ActiveUser>> RecipientAsync(
        AutomationRule rule,
        RuleAction action,
        AutomationOccurrence occurrence,
        Guid? responsible,
        CancellationToken cancellationToken
    )
    {
        Guid? chosen;
        switch (action.Assignee ?? AutomationAssignee.Responsible)
        {
            case AutomationAssignee.Responsible:
                chosen = responsible;
                break;
            case AutomationAssignee.User:
                chosen = action.UserId;
                break;
            default:
                var candidates = await users.ListAssignableAsync(
                    new AssigneeCandidateCriteria(Common.AssignedRecord.Lead, occurrence.OrganizationId, null, 1000),
                    cancellationToken
                );
                var own = candidates.Where(c => c.OrganizationId == occurrence.OrganizationId).ToList();
                var ids = (own.Count > 0 ? own : candidates).Select(c => c.Id).ToList();
                chosen =
                    ids.Count == 0 ? null
                    : action.Assignee == AutomationAssignee.RoundRobin
                        ? ids[(int)(await rules.NextTurnAsync(rule.Id, cancellationToken) % ids.Count)]
                    : await rules.LeastLoadedAsync(ids, cancellationToken);
                break;
        }

        if (chosen is not { } id)
        {
            return Error.Validation(
                "assignee",
                action.Assignee is null or AutomationAssignee.Responsible
                    ? $"The {occurrence.SubjectType} has no responsible user."
                    : "There is no active user to give it to."
            );
        }

        return await users.FindActiveAsync(id, cancellationToken) is { } user
            ? user
            : Error.Validation("assignee", $"The user {id} is disabled or no longer exists.");
    }
}

/// <summary>What a rule would do on a subject (<see cref="AutomationRunner.DryRunAsync"/>): the outcome its run would
/// have, how many actions would succeed, and the error of the one that would fail.</summary>
public sealed record AutomationDryRunDto(AutomationRunOutcome Outcome, int ActionsRun, string? Error);
