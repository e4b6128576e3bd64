using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Domain.Help;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Tickets;

/// <summary>The checks and the notifications that opening, answering and changing tickets share.</summary>
internal sealed class TicketWork(
    ITicketRepository tickets,
    IUserDirectory users,
    INotificationOutbox outbox,
    ICurrentActor actor
)
{
    /// <summary>Attachments are documents of the ticket's organization (the author's own), so that both sides may read
    /// them.</summary>
    public async Task<Error?> CheckAttachmentsAsync(
        Guid organizationId,
        IReadOnlyList<Guid>? attachmentIds,
        CancellationToken cancellationToken
    )
    {
        if (attachmentIds is not { Count: > 0 })
        {
            return null;
        }

        var found = await tickets.DocumentsOfAsync(organizationId, attachmentIds, cancellationToken);
        var missing = attachmentIds.Where(id => !found.Contains(id)).Distinct().ToList();
        return missing.Count == 0
            ? null
            : Error.Validation(
                "attachmentIds",
                $"No document of the ticket's organization has the id {string.Join(", ", missing)}."
            );
    }

    /// <summary>The assignee must be an active head-office user who works on tickets.</summary>
    public async Task<Error?> CheckAssigneeAsync(Guid assigneeUserId, CancellationToken cancellationToken)
    {
        var support = await users.FindHeadOfficeUsersWithAsync(Permissions.TicketsManage, cancellationToken);
        return support.Any(u => u.Id == assigneeUserId)
            ? null
            : Error.Validation(
                "assigneeUserId",
                $"User {assigneeUserId} is not an active support employee (a head-office user with tickets.manage)."
            );
    }

    /// <summary>A new ticket: every support employee but its author is told.</summary>
    public async Task NotifyOpenedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var support = await users.FindHeadOfficeUsersWithAsync(Permissions.TicketsManage, cancellationToken);
        await outbox.AddAsync(
            [
                .. support
                    .Where(u => u.Id != ticket.AuthorUserId)
                    .Select(u =>
                        Draft(u, NotificationKind.TicketCreated, $"Новое обращение: {ticket.Subject}", ticket)
                    ),
            ],
            cancellationToken
        );
    }

    /// <summary>
    /// A new message: support's reply goes to the author; the customer's to the assignee, or to every support employee
    /// while nobody handles the ticket; an internal note to the assignee only. Nobody is told about their own message.
    /// </summary>
    public async Task NotifyMessageAsync(Ticket ticket, TicketMessage message, CancellationToken cancellationToken)
    {
        IReadOnlyList<ActiveUser> recipients;
        if (message.FromSupport && !message.Internal)
        {
            recipients = [new ActiveUser(ticket.AuthorUserId, ticket.OrganizationId)];
        }
        else if (ticket.AssigneeUserId is { } assignee)
        {
            recipients = (await users.FindActiveAsync(assignee, cancellationToken)) is { } user ? [user] : [];
        }
        else if (!message.Internal)
        {
            recipients = await users.FindHeadOfficeUsersWithAsync(Permissions.TicketsManage, cancellationToken);
        }
        else
        {
            recipients = [];
        }

        var title = message.FromSupport
            ? $"Ответ поддержки: {ticket.Subject}"
            : $"Новое сообщение в обращении: {ticket.Subject}";
        await outbox.AddAsync(
            [
                .. recipients
                    .Where(u => u.Id != message.AuthorUserId)
                    .Select(u => Draft(u, NotificationKind.TicketMessageAdded, title, ticket, Excerpt(message.Text))),
            ],
            cancellationToken
        );
    }

    /// <summary>Support moved the ticket on: its author is told.</summary>
    public Task NotifyStatusChangedAsync(Ticket ticket, CancellationToken cancellationToken) =>
        ticket.AuthorUserId == actor.UserId
            ? Task.CompletedTask
            : outbox.AddAsync(
                Draft(
                    new ActiveUser(ticket.AuthorUserId, ticket.OrganizationId),
                    NotificationKind.TicketStatusChanged,
                    $"Обращение «{ticket.Subject}»: {StatusName(ticket.Status)}",
                    ticket
                ),
                cancellationToken
            );

    /// <summary>The ticket was given to somebody else than the caller: they are told.</summary>
    public async Task NotifyAssignedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (
            ticket.AssigneeUserId is not { } assignee
            || assignee == actor.UserId
            || await users.FindActiveAsync(assignee, cancellationToken) is not { } user
        )
        {
            return;
        }

        await outbox.AddAsync(
            Draft(user, NotificationKind.TicketAssigned, $"Вам передано обращение: {ticket.Subject}", ticket),
            cancellationToken
        );
    }

    private static NotificationDraft Draft(
        ActiveUser recipient,
        NotificationKind kind,
        string title,
        Ticket ticket,
        string? body = null
    ) => new(recipient.Id, recipient.OrganizationId, kind, title, body, NotificationSubjectType.Ticket, ticket.Id);

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string StatusName(TicketStatus status) =>
        status switch
        {
            TicketStatus.Open => "открыто",
            TicketStatus.InProgress => "в работе",
            TicketStatus.WaitingForCustomer => "ждёт вашего ответа",
            TicketStatus.Resolved => "решено",
            _ => "закрыто",
        };
}
