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

    /// <summary>A lead of the recipient's organization, or one they are responsible for, moved to another status.</summary>
    LeadStatusChanged,

    /// <summary>A lead was given to the recipient as its responsible manager.</summary>
    LeadAssigned,

    /// <summary>Head office approved or rejected the registration of the recipient's organization.</summary>
    RegistrationDecided,

    /// <summary>A task assigned to the recipient passed its due time while open.</summary>
    TaskOverdue,

    /// <summary>A webhook subscription of the recipient's organization stopped: its receiver kept failing or answered 410.</summary>
    WebhookDisabled,
}
