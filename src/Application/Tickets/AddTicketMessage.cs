using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Help;

namespace MakCrm.Application.Tickets;

/// <param name="Internal">An internal note, seen by support only; only support writes them.</param>
public sealed record AddTicketMessageCommand(
    Guid TicketId,
    string Text,
    bool Internal,
    IReadOnlyList<Guid>? AttachmentIds
) : ICommand<TicketWithMessageDto>;

internal sealed class AddTicketMessageValidator : AbstractValidator<AddTicketMessageCommand>
{
    public AddTicketMessageValidator()
    {
        RuleFor(c => c.Text).RequiredText(TicketMessage.MaxTextLength);
        RuleFor(c => c.AttachmentIds).ValidAttachments();
    }
}

internal sealed class AddTicketMessageHandler(
    ITicketRepository tickets,
    TicketWork work,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<AddTicketMessageCommand, TicketWithMessageDto>
{
    public async Task<Result<TicketWithMessageDto>> Handle(
        AddTicketMessageCommand command,
        CancellationToken cancellationToken
    )
    {
        var ticket = await tickets.FindAsync(command.TicketId, TicketCatalog.ScopeOf(actor), cancellationToken);
        if (ticket is null)
        {
            return TicketCatalog.NotFound(command.TicketId);
        }

        if (actor.UserId is not { } author)
        {
            return new Error(
                ErrorCodes.Forbidden,
                "A ticket's message is written by a signed-in user; an API client has no user to answer.",
                ErrorKind.Forbidden
            );
        }

        var support = TicketCatalog.IsSupport(actor);
        if (command.Internal && !support)
        {
            return Error.Validation("internal", "Only support writes internal notes.");
        }

        if (
            await work.CheckAttachmentsAsync(ticket.OrganizationId, command.AttachmentIds, cancellationToken) is
            { } invalid
        )
        {
            return invalid;
        }

        var added = ticket.AddMessage(
            clock.NewId(),
            author,
            support,
            command.Internal,
            command.Text,
            command.AttachmentIds ?? [],
            clock.UtcNowMicroseconds()
        );
        if (!added.IsSuccess)
        {
            return added.Error!;
        }

        tickets.AddMessage(added.Value);
        await work.NotifyMessageAsync(ticket, added.Value, cancellationToken);
        var result = new TicketWithMessageDto(TicketDto.From(ticket), TicketMessageDto.From(added.Value));
        if (result.Message.Internal)
        {
            events.Raise(EventPayloads.TicketNoteAdded, ticket.OrganizationId, result.Message.Id, result.Message);
        }
        else
        {
            // A message both sides read moves the ticket too (its count, its last message, a reopening).
            events.Raise(EventPayloads.TicketMessageAdded, ticket.OrganizationId, result.Message.Id, result.Message);
            events.Raise(EventPayloads.TicketUpdated, ticket.OrganizationId, ticket.Id, result.Ticket);
        }

        return result;
    }
}
