using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Help;

namespace MakCrm.Application.Tickets;

/// <summary>A user opens a support ticket for its organization, with the first message.</summary>
public sealed record OpenTicketCommand(
    string Subject,
    TicketCategory Category,
    TicketPriority? Priority,
    string Text,
    IReadOnlyList<Guid>? AttachmentIds
) : ICommand<TicketWithMessageDto>;

internal sealed class OpenTicketValidator : AbstractValidator<OpenTicketCommand>
{
    public OpenTicketValidator()
    {
        RuleFor(c => c.Subject).RequiredText(Ticket.MaxSubjectLength);
        RuleFor(c => c.Category).Defined();
        RuleFor(c => c.Priority).DefinedOrNull();
        RuleFor(c => c.Text).RequiredText(TicketMessage.MaxTextLength);
        RuleFor(c => c.AttachmentIds).ValidAttachments();
    }
}

internal sealed class OpenTicketHandler(
    ITicketRepository tickets,
    TicketWork work,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<OpenTicketCommand, TicketWithMessageDto>
{
    public async Task<Result<TicketWithMessageDto>> Handle(
        OpenTicketCommand command,
        CancellationToken cancellationToken
    )
    {
        if (actor.UserId is not { } author)
        {
            return new Error(
                ErrorCodes.Forbidden,
                "A ticket is opened by a signed-in user; an API client has no user to answer.",
                ErrorKind.Forbidden
            );
        }

        if (
            await work.CheckAttachmentsAsync(actor.OrganizationId, command.AttachmentIds, cancellationToken) is
            { } invalid
        )
        {
            return invalid;
        }

        var (ticket, message) = Ticket.Open(
            clock.NewId(),
            clock.NewId(),
            actor.OrganizationId,
            author,
            command.Subject,
            command.Category,
            command.Priority ?? TicketPriority.Normal,
            command.Text,
            command.AttachmentIds ?? [],
            clock.UtcNowMicroseconds()
        );
        tickets.Add(ticket);
        tickets.AddMessage(message);
        await work.NotifyOpenedAsync(ticket, cancellationToken);
        var opened = new TicketWithMessageDto(TicketDto.From(ticket), TicketMessageDto.From(message));
        events.Raise(EventPayloads.TicketCreated, ticket.OrganizationId, ticket.Id, opened.Ticket);
        events.Raise(EventPayloads.TicketMessageAdded, ticket.OrganizationId, message.Id, opened.Message);
        return opened;
    }
}

internal static class TicketFieldRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> ValidAttachments<T>(
        this IRuleBuilder<T, IReadOnlyList<Guid>?> rule
    ) =>
        rule.Must(ids => ids is null || (ids.Count <= TicketMessage.MaxAttachments && ids.All(id => id != Guid.Empty)))
            .WithMessage($"At most {TicketMessage.MaxAttachments} document ids.");
}
