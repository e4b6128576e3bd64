using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Automation;

/// <summary>When a rule runs.</summary>
public enum AutomationTriggerType
{
    LeadCreated,
    LeadStatusChanged,
    LeadDuplicateDetected,
    DealStageEntered,
    TaskOverdue,
    RegistrationDecided,
    DocumentUploaded,
    LeadInactive,
}

/// <summary>What a rule does, one action after another.</summary>
public enum AutomationActionType
{
    CreateTask,
    Assign,
    SetStatus,
    Notify,
    CallWebhook,
}

/// <summary>Whom an action's task, responsibility or notification goes to.</summary>
public enum AutomationAssignee
{
    Responsible,
    User,
    RoundRobin,
    LeastLoaded,
}

/// <summary>What one run of a rule did.</summary>
public enum AutomationRunOutcome
{
    Succeeded,

    /// <summary>The condition did not hold: nothing was done.</summary>
    Skipped,

    /// <summary>An action failed: what the earlier ones did was undone, the error kept.</summary>
    Failed,

    /// <summary>The event was raised by rules as deep as the loop guard allows: nothing was done.</summary>
    LoopStopped,
}

/// <summary>A rule's trigger; which of the parameters apply depends on the type.</summary>
public sealed record RuleTrigger(
    AutomationTriggerType Type,
    string? Status = null,
    Guid? StageId = null,
    Documents.DocumentKind? DocumentKind = null,
    int? Hours = null
)
{
    public const int MaxHours = 24 * 365;
}

/// <summary>One action of a rule; which of the fields apply depends on the type.</summary>
public sealed record RuleAction(
    AutomationActionType Type,
    string? Title = null,
    int? DueInHours = null,
    AutomationAssignee? Assignee = null,
    Guid? UserId = null,
    string? Status = null,
    string? Message = null,
    Guid? WebhookId = null
)
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 500;
    public const int MaxStatusLength = 50;
    public const int MaxDueInHours = 24 * 365;
}

/// <summary>
/// An automation rule «when → if → then» that an organization owns. Head office's rules are the network's
/// (<see cref="Network"/>): they run for every organization's events, an owner's only for its organization's. The
/// condition is a report-builder filter over the trigger's dataset, kept as its JSON; the actions run in order.
/// </summary>
public sealed class AutomationRule : AggregateRoot, IOrganizationOwned
{
    public const int MaxNameLength = 100;
    public const int MaxPosition = 10_000;
    public const int MaxActions = 10;

    private AutomationRule() { }

    private AutomationRule(Guid id, Guid organizationId, bool network, DateTimeOffset now)
        : base(id, now)
    {
        OrganizationId = organizationId;
        Network = network;
    }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public Guid OrganizationId { get; private set; }

    public bool Network { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The order rules run in for one event, smallest first.</summary>
    public int Position { get; private set; }

    public bool Enabled { get; private set; }

    public RuleTrigger Trigger { get; private set; } = new(AutomationTriggerType.LeadCreated);

    /// <summary>The trigger's type, kept apart so that the rules of a trigger are found by index.</summary>
    public AutomationTriggerType TriggerType { get; private set; }

    /// <summary>The condition as the report builder's filter JSON; <c>null</c> for none.</summary>
    public string? Condition { get; private set; }

    public IReadOnlyList<RuleAction> Actions { get; private set; } = [];

    public AutomationRuleSettings Settings => new(Name, Position, Enabled, Trigger, Condition, Actions);

    public static AutomationRule Create(
        Guid id,
        Guid organizationId,
        bool network,
        AutomationRuleSettings settings,
        DateTimeOffset now
    )
    {
        var created = new AutomationRule(id, organizationId, network, now);
        created.Apply(settings);
        return created;
    }

    /// <summary>Applies the settings; a change that changes nothing keeps the version.</summary>
    public void Update(AutomationRuleSettings settings, DateTimeOffset now)
    {
        if (settings.Equals(Settings))
        {
            return;
        }

        Apply(settings);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private void Apply(AutomationRuleSettings settings)
    {
        Name = settings.Name.Trim();
        Position = settings.Position;
        Enabled = settings.Enabled;
        Trigger = settings.Trigger;
        TriggerType = settings.Trigger.Type;
        Condition = settings.Condition;
        Actions = [.. settings.Actions];
    }
}

/// <summary>The editable part of an automation rule.</summary>
public sealed record AutomationRuleSettings(
    string Name,
    int Position,
    bool Enabled,
    RuleTrigger Trigger,
    string? Condition,
    IReadOnlyList<RuleAction> Actions
)
{
    public bool Equals(AutomationRuleSettings? other) =>
        other is not null
        && (Name, Position, Enabled, Trigger, Condition)
            == (other.Name, other.Position, other.Enabled, other.Trigger, other.Condition)
        && Actions.SequenceEqual(other.Actions);

    public override int GetHashCode() => HashCode.Combine(Name, Position, Enabled, Trigger);
}

/// <summary>
/// One run of a rule: on an event of the feed (<see cref="EventId"/>), or on an occurrence of a time trigger. The
/// pair (rule, occurrence) is unique, so an event read twice runs a rule once.
/// </summary>
public sealed class AutomationRun
{
    private AutomationRun() { }

    public Guid Id { get; private set; }

    public Guid RuleId { get; private set; }

    /// <summary>What the rule ran on: the event's id (a time trigger would name its occurrence).</summary>
    public string Occurrence { get; private set; } = "";

    public Guid? EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public string SubjectType { get; private set; } = "";

    public Guid SubjectId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public int Depth { get; private set; }

    public AutomationRunOutcome Outcome { get; private set; }

    public string? Error { get; private set; }

    public int ActionsRun { get; private set; }

    public DateTimeOffset RanAt { get; private set; }

    public static AutomationRun Record(
        Guid id,
        Guid ruleId,
        AutomationOccurrence occurrence,
        AutomationRunOutcome outcome,
        string? error,
        int actionsRun,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            RuleId = ruleId,
            Occurrence = occurrence.Key,
            EventId = occurrence.EventId,
            EventType = occurrence.EventType,
            SubjectType = occurrence.SubjectType,
            SubjectId = occurrence.SubjectId,
            OrganizationId = occurrence.OrganizationId,
            Depth = occurrence.Depth,
            Outcome = outcome,
            Error = error is { Length: > 2000 } ? error[..2000] : error,
            ActionsRun = actionsRun,
            RanAt = now,
        };
}

/// <summary>
/// What a rule runs on: an event of the feed or a time trigger's occurrence, its subject (<c>lead</c>, <c>deal</c>,
/// <c>task</c>, <c>organization</c>) and how deep in rules' own events it is; <see cref="DryRun"/>: a subject a rule is
/// tried on, whose actions are rolled back.
/// </summary>
public sealed record AutomationOccurrence(
    string Key,
    Guid? EventId,
    string EventType,
    AutomationTriggerType Trigger,
    string SubjectType,
    Guid SubjectId,
    Guid OrganizationId,
    int Depth,
    string? Data,
    bool DryRun = false
);
