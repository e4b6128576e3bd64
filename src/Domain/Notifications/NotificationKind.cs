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
}
