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

    /// <summary>A lead of the recipient's organization, or one they are responsible for, moved to another
    /// status.</summary>
    LeadStatusChanged,

    /// <summary>A lead was given to the recipient as its responsible manager.</summary>
    LeadAssigned,

    /// <summary>Head office handed a lead to the recipient's organization, or took one of its leads to give to
    /// another.</summary>
    LeadHandedOver,

    /// <summary>Head office approved or rejected the registration of the recipient's organization.</summary>
    RegistrationDecided,

    /// <summary>A task assigned to the recipient passed its due time while open.</summary>
    TaskOverdue,

    /// <summary>A webhook subscription of the recipient's organization stopped: its receiver kept failing or answered
    /// 410.</summary>
    WebhookDisabled,

    /// <summary>A user opened a support ticket (to support staff).</summary>
    TicketCreated,

    /// <summary>A new message in a ticket: support's reply to its author, the customer's to the assignee or
    /// support.</summary>
    TicketMessageAdded,

    /// <summary>Support moved the recipient's ticket to another status.</summary>
    TicketStatusChanged,

    /// <summary>A ticket was given to the recipient to handle.</summary>
    TicketAssigned,

    /// <summary>A learner submitted homework (to head office's reviewers).</summary>
    HomeworkSubmitted,

    /// <summary>Head office accepted the recipient's homework or returned it for rework.</summary>
    HomeworkDecided,

    /// <summary>The recipient registered for a training event: the confirmation, with its time and place or
    /// link.</summary>
    TrainingEventRegistered,

    /// <summary>A training event the recipient registered for was moved (its time, place or link changed) or
    /// cancelled.</summary>
    TrainingEventChanged,

    /// <summary>An invoice of the recipient's organization (or, to head office, any franchisee's) passed its due date
    /// before it was paid in full.</summary>
    InvoiceOverdue,

    /// <summary>A new lead of the recipient's organization has no responsible manager (to its owner, or to head
    /// office's users for head office's leads), with a way to take it.</summary>
    LeadUnassigned,

    /// <summary>An integration stopped taking or giving changes: the amoCRM connection stopped, or its sync could not
    /// apply a delivery or write a change (to head office's users who manage integrations).</summary>
    IntegrationFailed,
}

/// <summary>What an organization's linked Telegram groups are told: its new leads (one without a responsible manager,
/// one handed over to it), its leads' new statuses, and auction outcomes.</summary>
public static class TelegramGroupNotifications
{
    public static IReadOnlySet<NotificationKind> Kinds { get; } =
        new HashSet<NotificationKind>
        {
            NotificationKind.LeadUnassigned,
            NotificationKind.LeadHandedOver,
            NotificationKind.LeadStatusChanged,
            NotificationKind.Auction,
        };
}
