namespace MakCrm.Domain.Help;

/// <summary>What a support ticket is about; a fixed list, so that head office can route and count them.</summary>
public enum TicketCategory
{
    Account,
    Leads,
    Deals,
    Payments,
    Documents,
    Training,
    Technical,
    Other,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>
/// Where a ticket stands: open (waiting for support), in progress, waiting for the customer, resolved, closed. A
/// customer's message to a ticket waiting for them or resolved opens it again; a closed ticket is final.
/// </summary>
public enum TicketStatus
{
    Open,
    InProgress,
    WaitingForCustomer,
    Resolved,
    Closed,
}
