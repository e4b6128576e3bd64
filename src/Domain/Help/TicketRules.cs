namespace MakCrm.Domain.Help;

/// <summary>
/// Support moves a ticket to in progress, waiting for the customer, resolved or closed; it becomes open again only by
/// a customer's message, and a closed ticket stays closed.
/// </summary>
public sealed class TicketStatusChangeMustBeAllowed(TicketStatus from, TicketStatus to) : IBusinessRule
{
    public bool IsBroken() => from != to && (from == TicketStatus.Closed || to == TicketStatus.Open);

    public Error Error =>
        new(
            ErrorCodes.TicketStatusChangeNotAllowed,
            from == TicketStatus.Closed
                ? "The ticket is closed; open a new ticket instead."
                : "A ticket becomes open again only by a customer's message.",
            ErrorKind.Conflict
        );
}

/// <summary>A closed ticket takes no more messages: the customer opens a new one.</summary>
public sealed class ClosedTicketTakesNoMessages(TicketStatus status) : IBusinessRule
{
    public bool IsBroken() => status == TicketStatus.Closed;

    public Error Error =>
        new(
            ErrorCodes.TicketClosed,
            "The ticket is closed and takes no more messages; open a new ticket instead.",
            ErrorKind.Conflict
        );
}
