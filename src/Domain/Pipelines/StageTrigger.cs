namespace MakCrm.Domain.Pipelines;

/// <summary>What happens when a deal enters a stage.</summary>
public enum StageTriggerKind
{
    CreateTask,
    SetLeadStatus,
    Notify,
}

/// <summary>Who a trigger's task or notification goes to.</summary>
public enum TriggerRecipient
{
    /// <summary>The deal's responsible user; without one the trigger does nothing.</summary>
    Responsible,

    /// <summary>The fixed user named by the trigger.</summary>
    User,
}

/// <summary>
/// One action a stage runs, in order with the others, when a deal enters it. Which fields apply depends on
/// <see cref="Kind"/>: a task has a title, a due time in hours and a recipient; a lead status change has the status
/// code; a notification has a recipient and optionally a title.
/// </summary>
public sealed record StageTrigger(
    StageTriggerKind Kind,
    string? Title = null,
    int? DueInHours = null,
    TriggerRecipient? Recipient = null,
    Guid? UserId = null,
    string? LeadStatus = null
)
{
    public const int MaxTitleLength = 200;
    public const int MaxDueInHours = 24 * 365;
    public const int MaxPerStage = 20;

    /// <summary>A task or notification without a recipient goes to the deal's responsible user.</summary>
    public StageTrigger Normalized() =>
        Kind == StageTriggerKind.SetLeadStatus
            ? this
            : this with
            {
                Recipient = Recipient ?? TriggerRecipient.Responsible,
                Title = string.IsNullOrWhiteSpace(Title) ? null : Title.Trim(),
            };
}
