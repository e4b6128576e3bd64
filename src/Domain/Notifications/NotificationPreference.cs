namespace MakCrm.Domain.Notifications;

/// <summary>
/// One user's choice for one kind of notification on one channel. Only choices a user made are stored; every other
/// kind and channel follows <see cref="DefaultOn"/>.
/// </summary>
public sealed class NotificationPreference
{
    private NotificationPreference() { }

    public Guid UserId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public NotificationChannel Channel { get; private set; }

    public bool Enabled { get; private set; }

    public static NotificationPreference Create(
        Guid userId,
        NotificationKind kind,
        NotificationChannel channel,
        bool enabled
    ) =>
        new()
        {
            UserId = userId,
            Kind = kind,
            Channel = channel,
            Enabled = enabled,
        };

    /// <summary>
    /// Whether a kind is sent on a channel when its user chose nothing: in the cabinet always; by e-mail what a user
    /// must not miss (a decided registration, an overdue task, a lead given to them or to their organization, a
    /// ticket's reply or new status, a decided homework, a training event's confirmation with its link, and its move or
    /// cancellation, an overdue invoice); by a messenger (Telegram, WhatsApp) nothing until asked.
    /// </summary>
    public static bool DefaultOn(NotificationKind kind, NotificationChannel channel) =>
        channel switch
        {
            NotificationChannel.InApp => true,
            NotificationChannel.Email => kind
                is NotificationKind.RegistrationDecided
                    or NotificationKind.TaskOverdue
                    or NotificationKind.LeadAssigned
                    or NotificationKind.LeadHandedOver
                    or NotificationKind.TicketMessageAdded
                    or NotificationKind.TicketStatusChanged
                    or NotificationKind.HomeworkDecided
                    or NotificationKind.TrainingEventRegistered
                    or NotificationKind.TrainingEventChanged
                    or NotificationKind.InvoiceOverdue
                    or NotificationKind.IntegrationFailed,
            _ => false,
        };
}
