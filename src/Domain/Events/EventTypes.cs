using MakCrm.Domain.Access;

namespace MakCrm.Domain.Events;

/// <summary>
/// A kind of event: its name on the wire (<c>lead.status_changed</c>), the resource it carries, and who may see it —
/// a caller with <see cref="ReadAllPermission"/> sees every organization's events of the type, one with
/// <see cref="ReadOwnPermission"/> its own organization's. These are the permissions that read the resource itself, so
/// an event is visible exactly to those who may read what it carries. <see cref="NarrowedByResponsible"/>: the resource
/// is a lead, deal, task or client, which a user's visibility narrows to some responsibles
/// (<see cref="Access.UserVisibility"/>), so its events are narrowed the same way.
/// </summary>
public sealed record EventType(
    string Name,
    string ResourceType,
    string ReadAllPermission,
    string? ReadOwnPermission,
    bool NarrowedByResponsible = false
)
{
    /// <summary>A deletion carries the resource's id and last version, not the resource.</summary>
    public bool IsDeletion => Name.EndsWith(".deleted", StringComparison.Ordinal);

    public override string ToString() => Name;
}

/// <summary>The catalogue of event types: the one list the outbox, the feed, webhooks, the stream and the contract
/// agree on.</summary>
public static class EventTypes
{
    private static EventType Lead(string action) =>
        new($"lead.{action}", "lead", Permissions.LeadsReadAll, Permissions.LeadsReadOwn, true);

    private static EventType Client(string action) =>
        new($"client.{action}", "client", Permissions.ClientsReadAll, Permissions.ClientsReadOwn, true);

    private static EventType Deal(string action) =>
        new($"deal.{action}", "deal", Permissions.DealsReadAll, Permissions.DealsReadOwn, true);

    private static EventType Task(string action) =>
        new($"task.{action}", "task", Permissions.TasksReadAll, Permissions.TasksReadOwn, true);

    private static EventType LeadReturn(string action) =>
        new($"lead_return.{action}", "lead_return", Permissions.LeadReturnsDecide, Permissions.LeadReturnsCreate);

    private static EventType Organization(string action) =>
        new(
            $"organization.{action}",
            "organization",
            Permissions.OrganizationsManage,
            Permissions.OrganizationsReadOwn
        );

    private static EventType User(string action) =>
        new($"user.{action}", "user", Permissions.UsersReadAll, Permissions.UsersReadOwn);

    public static readonly EventType LeadCreated = Lead("created");
    public static readonly EventType LeadUpdated = Lead("updated");
    public static readonly EventType LeadStatusChanged = Lead("status_changed");
    public static readonly EventType LeadResponsibleChanged = Lead("responsible_changed");
    public static readonly EventType LeadDeleted = Lead("deleted");
    public static readonly EventType LeadDuplicateDetected = Lead("duplicate_detected");

    public static readonly EventType ClientCreated = Client("created");
    public static readonly EventType ClientUpdated = Client("updated");
    public static readonly EventType ClientDeleted = Client("deleted");

    public static readonly EventType DealCreated = Deal("created");
    public static readonly EventType DealUpdated = Deal("updated");
    public static readonly EventType DealStageChanged = Deal("stage_changed");
    public static readonly EventType DealWon = Deal("won");
    public static readonly EventType DealLost = Deal("lost");
    public static readonly EventType DealDeleted = Deal("deleted");

    /// <summary>A bank issued the deal's loan (the deal, with its loan, is the payload).</summary>
    public static readonly EventType DealLoanIssued = Deal("loan_issued");

    /// <summary>The deal's issued loan was returned early or clawed back by the bank.</summary>
    public static readonly EventType DealLoanCancelled = Deal("loan_cancelled");

    /// <summary>Head office recorded (or corrected) the fee the bank paid for the deal's issued loan (the deal is the
    /// payload).</summary>
    public static readonly EventType DealLoanFeeRecorded = Deal("loan_fee_recorded");

    public static readonly EventType TaskCreated = Task("created");
    public static readonly EventType TaskAssigned = Task("assigned");
    public static readonly EventType TaskCompleted = Task("completed");
    public static readonly EventType TaskOverdue = Task("overdue");

    /// <summary>Open lots are shown to every bidder, so their opening and closing are seen by all who read the
    /// auction.</summary>
    public static readonly EventType LotOpened = new("lot.opened", "lot", Permissions.AuctionRead, null);

    public static readonly EventType LotClosed = new("lot.closed", "lot", Permissions.AuctionRead, null);

    /// <summary>A won lot belongs to the winner's organization: head office and the winner see it.</summary>
    public static readonly EventType LotWon = new("lot.won", "lot", Permissions.AuctionManage, Permissions.AuctionBid);

    public static readonly EventType LeadReturnRequested = LeadReturn("requested");
    public static readonly EventType LeadReturnDecided = LeadReturn("decided");

    public static readonly EventType OrganizationRegistered = Organization("registered");
    public static readonly EventType OrganizationApproved = Organization("approved");
    public static readonly EventType OrganizationRejected = Organization("rejected");

    public static readonly EventType UserCreated = User("created");
    public static readonly EventType UserUpdated = User("updated");

    public static readonly EventType LedgerEntryRecorded = new(
        "ledger.entry_recorded",
        "ledger_entry",
        Permissions.LedgerReadAll,
        Permissions.LedgerReadOwn
    );

    /// <summary>A commission entry (accrual, release, reversal, ...) in an organization's commission ledger.</summary>
    public static readonly EventType CommissionEntryRecorded = new(
        "commission.entry_recorded",
        "commission_entry",
        Permissions.CommissionsReadAll,
        Permissions.CommissionsReadOwn
    );

    /// <summary>An import announces its rows in one event (with its counts) rather than an event per imported
    /// row.</summary>
    public static readonly EventType ImportCompleted = new(
        "import.completed",
        "import",
        Permissions.ClientsReadAll,
        Permissions.ClientsReadOwn
    );

    /// <summary>
    /// A notification for a recipient who has the <c>telegram</c> channel on: what the Telegram bot delivers. Only the
    /// bot (<c>telegram.bot</c>) sees it; it carries the notification as the API answers it and the recipient's id.
    /// </summary>
    public static readonly EventType NotificationTelegram = new(
        "notification.telegram",
        "telegram_notification",
        Permissions.TelegramBot,
        null
    );

    /// <summary>
    /// A notification for a recipient who has the <c>whatsapp</c> channel on: what the bot delivers in WhatsApp. Only
    /// the
    /// bot (<c>telegram.bot</c>) sees it; the payload is the same as <see cref="NotificationTelegram"/>'s.
    /// </summary>
    public static readonly EventType NotificationWhatsapp = new(
        "notification.whatsapp",
        "whatsapp_notification",
        Permissions.TelegramBot,
        null
    );

    /// <summary>
    /// Training: head office (<c>training.manage</c>) sees every organization's, a learner (<c>training.read</c>) its
    /// own
    /// organization's. Each payload names the learner (<c>userId</c>), whom points are awarded to.
    /// </summary>
    private static EventType Training(string action, string resourceType) =>
        new($"training.{action}", resourceType, Permissions.TrainingManage, Permissions.TrainingRead);

    /// <summary>A learner completed a lesson for the first time (the lesson completion is the payload).</summary>
    public static readonly EventType TrainingLessonCompleted = Training("lesson_completed", "lesson_completion");

    /// <summary>Head office accepted a learner's homework (the submission, with the points given, is the
    /// payload).</summary>
    public static readonly EventType TrainingHomeworkAccepted = Training("homework_accepted", "homework_submission");

    /// <summary>Head office returned a learner's homework for rework.</summary>
    public static readonly EventType TrainingHomeworkReturned = Training("homework_returned", "homework_submission");

    /// <summary>A learner attended a training event, marked by the organiser or by check-in; once per user and
    /// event.</summary>
    public static readonly EventType TrainingEventAttended = Training("event_attended", "event_attendance");

    /// <summary>
    /// Support tickets: support and head office (<c>tickets.read.all</c>) see every organization's, a user with
    /// <c>tickets.read.own</c> its own organization's.
    /// </summary>
    private static EventType Ticket(string action, string resourceType) =>
        new($"ticket.{action}", resourceType, Permissions.TicketsReadAll, Permissions.TicketsReadOwn);

    /// <summary>A user opened a ticket (the ticket is the payload; its first message follows as
    /// <c>ticket.message_added</c>).</summary>
    public static readonly EventType TicketCreated = Ticket("created", "ticket");

    /// <summary>Every later change of a ticket: its status, assignee or priority, or a message that moved it.</summary>
    public static readonly EventType TicketUpdated = Ticket("updated", "ticket");

    /// <summary>A message the ticket's author and support both read was added (the message is the payload).</summary>
    public static readonly EventType TicketMessageAdded = Ticket("message_added", "ticket_message");

    /// <summary>Support added an internal note: seen, like the notes themselves, by support (<c>tickets.manage</c>)
    /// only.</summary>
    public static readonly EventType TicketNoteAdded = new(
        "ticket.note_added",
        "ticket_message",
        Permissions.TicketsManage,
        null
    );

    /// <summary>
    /// Top-up invoices: head office (<c>invoices.read.all</c>) sees every franchisee's, a franchisee
    /// (<c>invoices.read.own</c>) its own. Each carries the invoice as it is after the change.
    /// </summary>
    private static EventType Invoice(string action) =>
        new($"invoice.{action}", "invoice", Permissions.InvoicesReadAll, Permissions.InvoicesReadOwn);

    /// <summary>Head office issued an invoice (also a franchisee's own top-up invoice).</summary>
    public static readonly EventType InvoiceIssued = Invoice("issued");

    /// <summary>Head office changed the invoice's due date (an overdue invoice given a later one is due
    /// again).</summary>
    public static readonly EventType InvoiceUpdated = Invoice("updated");

    /// <summary>A deposit was recorded against the invoice: its paid amount and status moved.</summary>
    public static readonly EventType InvoicePaymentRecorded = Invoice("payment_recorded");

    /// <summary>The due date passed with money still due.</summary>
    public static readonly EventType InvoiceOverdue = Invoice("overdue");

    /// <summary>Head office cancelled an invoice nothing was paid against.</summary>
    public static readonly EventType InvoiceCancelled = Invoice("cancelled");

    /// <summary>
    /// A notification of an organization of a kind its Telegram groups get (<c>TelegramGroupKinds</c>), raised once for
    /// the organization when it has a linked group: what the bot sends to its groups. Only the bot
    /// (<c>telegram.bot</c>) sees it; the payload is the notification, with no recipient.
    /// </summary>
    public static readonly EventType NotificationTelegramGroup = new(
        "notification.telegram_group",
        "telegram_group_notification",
        Permissions.TelegramBot,
        null
    );

    /// <summary>A document uploaded (not generated), seen by those who read the organization's documents.</summary>
    public static readonly EventType DocumentUploaded = new(
        "document.uploaded",
        "document",
        Permissions.DocumentsReadAll,
        Permissions.DocumentsReadOwn
    );

    public static IReadOnlyList<EventType> All { get; } =
        typeof(EventTypes)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(EventType))
            .Select(f => (EventType)f.GetValue(null)!)
            .ToList();

    private static readonly Dictionary<string, EventType> ByName = All.ToDictionary(
        t => t.Name,
        StringComparer.Ordinal
    );

    public static EventType? Find(string name) => ByName.GetValueOrDefault(name);
}
