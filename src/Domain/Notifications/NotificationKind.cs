namespace MakCrm.Domain.Notifications;

public enum NotificationKind
{
    TaskAssigned,
    TaskReminder,
    LeadDuplicate,
    StageTrigger,
    Generic,

    /// <summary>A lot the recipient's organization bid on, won or was assigned closed.</summary>
    Auction,
    LeadReturnRequested,
    LeadReturnDecided,

    /// <summary>A webhook subscription of the recipient's organization stopped: its receiver kept failing or answered 410.</summary>
    WebhookDisabled,
}
