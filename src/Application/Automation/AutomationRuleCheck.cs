using MakCrm.Application.Reports;
using MakCrm.Domain.Automation;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Automation;

/// <summary>What a trigger's events are about: the subject's kind and the report dataset its condition reads.</summary>
public static class AutomationSubjects
{
    public const string Lead = "lead";
    public const string Deal = "deal";
    public const string Task = "task";
    public const string Organization = "organization";

    /// <summary>Whether the trigger is a time trigger, run by the clock on records rather than on an event.</summary>
    public static bool IsTimeTrigger(AutomationTriggerType trigger) => trigger == AutomationTriggerType.LeadInactive;

    public static string SubjectOf(AutomationTriggerType trigger) =>
        trigger switch
        {
            AutomationTriggerType.DealStageEntered => Deal,
            AutomationTriggerType.TaskOverdue => Task,
            AutomationTriggerType.RegistrationDecided => Organization,
            _ => Lead,
        };

    /// <summary>The dataset a condition of the trigger reads; <c>null</c> when its subject has none.</summary>
    public static ReportDataset? DatasetOf(AutomationTriggerType trigger) =>
        SubjectOf(trigger) switch
        {
            Lead => ReportCatalogue.Find("leads"),
            Deal => ReportCatalogue.Find("deals"),
            Task => ReportCatalogue.Find("tasks"),
            _ => null,
        };
}

/// <summary>
/// Checks that a rule's trigger, condition and actions hold together, for the organization whose rule it is
/// (<c>null</c>: the network's): each refusal is keyed by the part at fault under 400
/// <c>automation_rule_invalid</c>. The condition is planned by the report builder against the trigger's dataset.
/// </summary>
public sealed class AutomationRuleCheck(
    ILeadStatusRepository statuses,
    IUserDirectory users,
    IAutomationRuleRepository rules,
    ReportPlanning planning
)
{
    public async Task<Result<(RuleTrigger Trigger, string? Condition, IReadOnlyList<RuleAction> Actions)>> CheckAsync(
        Contracts.AutomationTrigger trigger,
        Contracts.ReportFilter? condition,
        IReadOnlyList<Contracts.AutomationAction> actions,
        Guid? organizationId,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string path, string message) => errors[path] = [.. errors.GetValueOrDefault(path, []), message];

        var type = trigger.Type;
        if (trigger.Status is not null && type != AutomationTriggerType.LeadStatusChanged)
        {
            Add("trigger.status", "Only lead_status_changed takes a status.");
        }
        else if (
            trigger.Status is { } status
            && await statuses.FindAsync(status, RowLock.None, cancellationToken) is null
        )
        {
            Add("trigger.status", $"No lead status has the code '{status}'.");
        }

        if (trigger.StageId is not null && type != AutomationTriggerType.DealStageEntered)
        {
            Add("trigger.stageId", "Only deal_stage_entered takes a stage.");
        }

        if (trigger.DocumentKind is not null && type != AutomationTriggerType.DocumentUploaded)
        {
            Add("trigger.documentKind", "Only document_uploaded takes a document kind.");
        }

        if (type != AutomationTriggerType.LeadInactive && trigger.Hours is not null)
        {
            Add("trigger.hours", "Only lead_inactive takes hours.");
        }
        else if (type == AutomationTriggerType.LeadInactive && trigger.Hours is not (>= 1 and <= RuleTrigger.MaxHours))
        {
            Add("trigger.hours", $"lead_inactive needs hours, 1 to {RuleTrigger.MaxHours}.");
        }

        string? conditionJson = null;
        if (condition is not null)
        {
            if (AutomationSubjects.DatasetOf(type) is not { } dataset)
            {
                Add("condition", $"A {SnakeCaseNames.Of(type)} rule takes no condition: its subject has no dataset.");
            }
            else
            {
                var filter = ReportFilter.FromWire(condition);
                var withCustomFields = await planning.ForConditionAsync(dataset, filter, false, cancellationToken);
                var (_, filterErrors) = ReportPlanner.PlanFilter(filter, withCustomFields, "condition");
                foreach (var (path, messages) in filterErrors)
                {
                    foreach (var message in messages)
                    {
                        Add(path, message);
                    }
                }

                conditionJson = filter.ToJson();
            }
        }

        var checkedActions = new List<RuleAction>();
        for (var i = 0; i < actions.Count; i++)
        {
            checkedActions.Add(
                await ActionAsync(actions[i], $"actions[{i}]", type, organizationId, Add, cancellationToken)
            );
        }

        if (errors.Count > 0)
        {
            return new Error(
                ErrorCodes.AutomationRuleInvalid,
                "The automation rule is not valid: " + string.Join("; ", errors.Keys) + ".",
                ErrorKind.Validation,
                errors
            );
        }

        var checkedTrigger = new RuleTrigger(
            type,
            trigger.Status,
            trigger.StageId,
            trigger.DocumentKind,
            trigger.Hours
        );
        return (checkedTrigger, conditionJson, checkedActions);
    }

    private async Task<RuleAction> ActionAsync(
        Contracts.AutomationAction action,
        string path,
        AutomationTriggerType trigger,
        Guid? organizationId,
        Action<string, string> add,
        CancellationToken cancellationToken
    )
    {
        var subject = AutomationSubjects.SubjectOf(trigger);
        var assignee = action.Assignee;
        // The texts are bounded whatever the action's type, so that none is stored longer than the contract allows.
        if (action.Title?.Length > RuleAction.MaxTitleLength)
        {
            add($"{path}.title", $"Must be at most {RuleAction.MaxTitleLength} characters.");
        }

        if (action.Status?.Length > RuleAction.MaxStatusLength)
        {
            add($"{path}.status", $"Must be at most {RuleAction.MaxStatusLength} characters.");
        }

        if (action.Message?.Length > RuleAction.MaxMessageLength)
        {
            add($"{path}.message", $"Must be at most {RuleAction.MaxMessageLength} characters.");
        }

        switch (action.Type)
        {
            case AutomationActionType.CreateTask:
                if (string.IsNullOrWhiteSpace(action.Title))
                {
                    add($"{path}.title", "create_task needs a title.");
                }

                if (action.DueInHours is < 0 or > RuleAction.MaxDueInHours)
                {
                    add($"{path}.dueInHours", $"Must be 0 to {RuleAction.MaxDueInHours}.");
                }

                if (subject == AutomationSubjects.Organization)
                {
                    add(
                        $"{path}.type",
                        "A task is made on a lead, deal or task: not on an organization's registration."
                    );
                }

                assignee ??= AutomationAssignee.Responsible;
                break;
            case AutomationActionType.Assign:
                if (subject != AutomationSubjects.Lead)
                {
                    add($"{path}.type", "assign gives a lead a responsible user: only lead triggers take it.");
                }

                if (assignee is null or AutomationAssignee.Responsible)
                {
                    add($"{path}.assignee", "assign needs user, round_robin or least_loaded.");
                }

                break;
            case AutomationActionType.SetStatus:
                if (subject is not (AutomationSubjects.Lead or AutomationSubjects.Deal))
                {
                    add(
                        $"{path}.type",
                        "set_status moves a lead (a deal's lead): only lead and deal triggers take it."
                    );
                }

                if (string.IsNullOrWhiteSpace(action.Status))
                {
                    add($"{path}.status", "set_status needs a lead status's code.");
                }
                else if (await statuses.FindAsync(action.Status, RowLock.None, cancellationToken) is null)
                {
                    add($"{path}.status", $"No lead status has the code '{action.Status}'.");
                }

                break;
            case AutomationActionType.Notify:
                if (string.IsNullOrWhiteSpace(action.Message))
                {
                    add($"{path}.message", "notify needs a message.");
                }

                assignee ??= AutomationAssignee.Responsible;
                if (subject == AutomationSubjects.Organization && assignee != AutomationAssignee.User)
                {
                    add($"{path}.assignee", "A registration has no responsible user: name the user.");
                }

                break;
            default:
                if (AutomationSubjects.IsTimeTrigger(trigger))
                {
                    add($"{path}.type", "A time trigger raises no event for call_webhook to deliver.");
                }

                if (action.WebhookId is not { } webhookId)
                {
                    add($"{path}.webhookId", "call_webhook needs a webhook subscription's id.");
                }
                else if (!await rules.WebhookExistsAsync(webhookId, organizationId, cancellationToken))
                {
                    add(
                        $"{path}.webhookId",
                        $"No webhook subscription of the rule's organization has the id {webhookId}."
                    );
                }

                break;
        }

        if (assignee == AutomationAssignee.User)
        {
            if (action.UserId is not { } userId)
            {
                add($"{path}.userId", "assignee user needs the user's id.");
            }
            else if (
                await users.FindActiveAsync(userId, cancellationToken) is not { } user
                || (organizationId is { } own && user.OrganizationId != own)
            )
            {
                add($"{path}.userId", $"No active user of the rule's organization has the id {userId}.");
            }
        }
        else if (action.UserId is not null)
        {
            add($"{path}.userId", "Only assignee user takes a user.");
        }

        return new RuleAction(
            action.Type,
            action.Title?.Trim(),
            action.DueInHours,
            assignee,
            action.UserId,
            action.Status,
            action.Message?.Trim(),
            action.WebhookId
        );
    }
}
