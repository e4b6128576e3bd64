using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Help;

/// <summary>
/// A support request of a user to head office: visible to the author's organization and to support. Records when
/// support first answered (its first message that is not an internal note) and when it was resolved.
/// </summary>
public sealed class Ticket : AggregateRoot, IOrganizationOwned
{
    public const int MaxSubjectLength = 200;

    private Ticket() { }

    private Ticket(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The author's organization: whose users see the ticket.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public Guid AuthorUserId { get; private set; }

    public string Subject { get; private set; } = "";

    public TicketCategory Category { get; private set; }

    public TicketPriority Priority { get; private set; }

    public TicketStatus Status { get; private set; }

    /// <summary>The support employee handling it; null until one is assigned.</summary>
    public Guid? AssigneeUserId { get; private set; }

    public DateTimeOffset? FirstResponseAt { get; private set; }

    /// <summary>When it was last resolved (or closed without being resolved first); cleared when it opens
    /// again.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset LastMessageAt { get; private set; }

    /// <summary>Messages the customer sees (internal notes are not counted).</summary>
    public int MessageCount { get; private set; }

    /// <summary>Opens a ticket with its first message, written by its author.</summary>
    public static (Ticket Ticket, TicketMessage Message) Open(
        Guid id,
        Guid messageId,
        Guid organizationId,
        Guid authorUserId,
        string subject,
        TicketCategory category,
        TicketPriority priority,
        string text,
        IReadOnlyList<Guid> attachmentIds,
        DateTimeOffset now
    )
    {
        var ticket = new Ticket(id, now)
        {
            OrganizationId = organizationId,
            AuthorUserId = authorUserId,
            Subject = subject.Trim(),
            Category = category,
            Priority = priority,
            Status = TicketStatus.Open,
            LastMessageAt = now,
            MessageCount = 1,
        };
        return (ticket, TicketMessage.Create(messageId, id, authorUserId, false, false, text, attachmentIds, now));
    }

    /// <summary>
    /// Adds a message. Support's first message that is not an internal note is the first response; a customer's
    /// message to a ticket waiting for them or resolved opens it again.
    /// </summary>
    public Result<TicketMessage> AddMessage(
        Guid messageId,
        Guid authorUserId,
        bool fromSupport,
        bool isInternal,
        string text,
        IReadOnlyList<Guid> attachmentIds,
        DateTimeOffset now
    )
    {
        var check = Check(new ClosedTicketTakesNoMessages(Status));
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        var message = TicketMessage.Create(
            messageId,
            Id,
            authorUserId,
            fromSupport,
            isInternal && fromSupport,
            text,
            attachmentIds,
            now
        );
        if (!message.Internal)
        {
            MessageCount++;
            LastMessageAt = now;
            if (fromSupport)
            {
                FirstResponseAt ??= now;
            }
            else if (Status is TicketStatus.WaitingForCustomer or TicketStatus.Resolved)
            {
                Status = TicketStatus.Open;
                ResolvedAt = null;
            }
        }

        Touch(now);
        return message;
    }

    /// <summary>Support moves the ticket on; the same status again changes nothing.</summary>
    public Result<bool> ChangeStatus(TicketStatus status, DateTimeOffset now)
    {
        var check = Check(new TicketStatusChangeMustBeAllowed(Status, status));
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        if (status == Status)
        {
            return false;
        }

        Status = status;
        switch (status)
        {
            case TicketStatus.Resolved:
                ResolvedAt = now;
                break;
            case TicketStatus.Closed:
                ResolvedAt ??= now;
                ClosedAt = now;
                break;
            default:
                ResolvedAt = null;
                break;
        }

        Touch(now);
        return true;
    }

    /// <summary>Gives the ticket to a support employee, or takes it back (null); the same assignee changes
    /// nothing.</summary>
    public bool Assign(Guid? assigneeUserId, DateTimeOffset now)
    {
        if (assigneeUserId == AssigneeUserId)
        {
            return false;
        }

        AssigneeUserId = assigneeUserId;
        Touch(now);
        return true;
    }

    public bool ChangePriority(TicketPriority priority, DateTimeOffset now)
    {
        if (priority == Priority)
        {
            return false;
        }

        Priority = priority;
        Touch(now);
        return true;
    }
}
