namespace MakCrm.Domain.Notifications;

public enum NotificationKind
{
    TaskAssigned,
    TaskReminder,
    LeadDuplicate,
    StageTrigger,
    Generic,
    LeadReturnRequested,
    LeadReturnDecided,
}
