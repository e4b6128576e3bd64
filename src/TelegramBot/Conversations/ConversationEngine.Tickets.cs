using System.Globalization;
using MakCrm.Client;

namespace MakCrm.TelegramBot.Conversations;

// Support from the chat: a new ticket (subject, category, message, confirmation), the user's tickets with their status
// and support's last answer, and a reply to a ticket. All as the linked user; support's answers come back as the
// ticket_message_added notification.
public sealed partial class ConversationEngine
{
    private const int TicketsPerPage = 5;

    private static readonly (TicketCategory Category, string Label)[] Categories =
    [
        (TicketCategory.Account, "Аккаунт"),
        (TicketCategory.Leads, "Лиды"),
        (TicketCategory.Deals, "Сделки"),
        (TicketCategory.Payments, "Выплаты"),
        (TicketCategory.Documents, "Документы"),
        (TicketCategory.Training, "Обучение"),
        (TicketCategory.Technical, "Техническая проблема"),
        (TicketCategory.Other, "Другое"),
    ];

    private async Task<bool> HandleTicketActionAsync(ChatContext chat, string action, string? argument)
    {
        if (
            action
            is not (
                Actions.Support
                or Actions.NewTicket
                or Actions.TicketCategory
                or Actions.TicketConfirm
                or Actions.MyTickets
                or Actions.TicketCard
                or Actions.TicketReply
            )
        )
        {
            return false;
        }

        if (await RefuseUnlinkedAsync(chat))
        {
            return true;
        }

        try
        {
            switch (action)
            {
                case Actions.Support:
                    await chat.ReplyAsync(
                        Texts.SupportMenu,
                        [
                            [
                                new Choice(Texts.NewTicketButton, Actions.NewTicket),
                                new Choice(Texts.MyTicketsButton, Actions.MyTickets),
                            ],
                            [new Choice(Texts.MenuButton, Actions.Menu)],
                        ]
                    );
                    break;
                case Actions.NewTicket:
                    chat.Session.Reset();
                    chat.Session.Step = Steps.TicketSubject;
                    await chat.ReplyAsync(Texts.AskTicketSubject, CancelRow);
                    break;
                case Actions.TicketCategory
                    when chat.Session.Step == Steps.TicketCategory && Enum.TryParse<TicketCategory>(argument, out _):
                    chat.Session.Data["category"] = argument!;
                    chat.Session.Step = Steps.TicketText;
                    await chat.ReplyAsync(Texts.AskTicketText, CancelRow);
                    break;
                case Actions.TicketConfirm when chat.Session.Step == Steps.TicketConfirm:
                    await SubmitTicketAsync(chat);
                    break;
                case Actions.MyTickets:
                    await ShowTicketsAsync(chat, argument);
                    break;
                case Actions.TicketCard when Guid.TryParse(argument, out var ticketId):
                    await ShowTicketAsync(chat, ticketId);
                    break;
                case Actions.TicketReply when Guid.TryParse(argument, out var repliedId):
                    chat.Session.Reset();
                    chat.Session.Step = Steps.TicketReply;
                    chat.Session.Data["ticketId"] = repliedId.ToString();
                    await chat.ReplyAsync(Texts.AskTicketReply, CancelRow);
                    break;
                default:
                    await chat.ReplyAsync(Texts.StaleButton);
                    await ShowMenuAsync(chat);
                    break;
            }
        }
        catch (MakCrmApiException e) when (e.StatusCode is 403 or 404)
        {
            chat.Session.Reset();
            await chat.ReplyAsync(
                e.StatusCode == 403 ? Texts.SupportForbidden : Texts.TicketNotFound,
                [
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
        }

        return true;
    }

    /// <summary>Text typed at a ticket's step; false for a step that is not one of these.</summary>
    private async Task<bool> OnTicketStepAsync(ChatContext chat, string step, string text)
    {
        if (step is not (Steps.TicketSubject or Steps.TicketText or Steps.TicketReply))
        {
            return false;
        }

        if (await RefuseUnlinkedAsync(chat))
        {
            return true;
        }

        var data = chat.Session.Data;
        switch (step)
        {
            case Steps.TicketSubject:
                data["subject"] = text;
                if (data.ContainsKey(Correcting))
                {
                    await AskTicketConfirmationAsync(chat);
                    return true;
                }

                chat.Session.Step = Steps.TicketCategory;
                await chat.ReplyAsync(Texts.AskTicketCategory, CategoryRows());
                return true;
            case Steps.TicketText:
                data["text"] = text;
                await AskTicketConfirmationAsync(chat);
                return true;
            default:
                if (Guid.TryParse(data.GetValueOrDefault("ticketId"), out var ticketId))
                {
                    await ReplyToTicketAsync(chat, ticketId, text);
                }

                return true;
        }
    }

    private async Task AskTicketConfirmationAsync(ChatContext chat)
    {
        var data = chat.Session.Data;
        chat.Session.Step = Steps.TicketConfirm;
        var category = Enum.TryParse<TicketCategory>(data.GetValueOrDefault("category"), out var parsed)
            ? CategoryLabel(parsed)
            : "—";
        await chat.ReplyAsync(
            $"{Texts.TicketSummary}\nТема: {data.GetValueOrDefault("subject")}\nКатегория: {category}\nСообщение: "
                + $"{data.GetValueOrDefault("text")}",
            [
                [new Choice(Texts.SendTicketButton, Actions.TicketConfirm)],
                [new Choice(Texts.CancelButton, Actions.Cancel)],
            ]
        );
    }

    /// <summary>
    /// Opens the ticket with an idempotency key derived from the confirming update: a redelivered update, or a retry
    /// after a failure, opens no second ticket. A field the API refuses sends the user back to that question.
    /// </summary>
    private async Task SubmitTicketAsync(ChatContext chat)
    {
        var data = chat.Session.Data;
        var request = new CreateTicketRequest
        {
            Subject = data.GetValueOrDefault("subject") ?? "",
            Category = Enum.TryParse<TicketCategory>(data.GetValueOrDefault("category"), out var category)
                ? category
                : TicketCategory.Other,
            Text = data.GetValueOrDefault("text") ?? "",
        };
        Ticket ticket;
        try
        {
            ticket = (
                await chat.UserApi()!
                    .CreateTicketAsync(request, $"{chat.Input.UpdateKey}:ticket", chat.CancellationToken)
            ).Result;
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 422)
        {
            var field = (e as MakCrmApiException<Problem>)?.Result.Errors?.Keys.FirstOrDefault() ?? "";
            data[Correcting] = "1";
            var subject = field.Contains("subject", StringComparison.OrdinalIgnoreCase);
            chat.Session.Step = subject ? Steps.TicketSubject : Steps.TicketText;
            await chat.ReplyAsync(
                FieldErrors(e, Texts.TicketRefused) + "\n" + (subject ? Texts.AskTicketSubject : Texts.AskTicketText),
                CancelRow
            );
            return;
        }

        chat.Session.Reset();
        await chat.ReplyAsync(
            string.Format(
                CultureInfo.InvariantCulture,
                Texts.TicketCreated,
                ticket.Subject,
                chat.Input.Transport.DisplayName
            ),
            [
                [new Choice(Texts.OpenTicketButton, Actions.TicketCard, ticket.Id.ToString())],
                [new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    /// <summary>The tickets the user opened, the latest activity first, a page at a time.</summary>
    private async Task ShowTicketsAsync(ChatContext chat, string? cursor)
    {
        var page = (
            await chat.UserApi()!
                .ListTicketsAsync(
                    mine: true,
                    sort: TicketSort.LastMessageAtDescending,
                    cursor: cursor,
                    limit: TicketsPerPage,
                    cancellationToken: chat.CancellationToken
                )
        ).Result;
        if (page.Items.Count == 0)
        {
            await chat.ReplyAsync(
                cursor is null ? Texts.NoTickets : Texts.NoMoreTickets,
                [
                    [new Choice(Texts.NewTicketButton, Actions.NewTicket), new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return;
        }

        await chat.ReplyAsync(
            Texts.YourTickets,
            PageRows(
                page.Items,
                t => new Choice(
                    $"{Shorten(t.Subject, 40)} · {TicketStatusLabel(t.Status)}",
                    Actions.TicketCard,
                    t.Id.ToString()
                ),
                page.NextCursor,
                Actions.MyTickets
            )
        );
    }

    /// <summary>A ticket's card: subject, category, status, and support's last answer (messages come oldest
    /// first).</summary>
    private async Task ShowTicketAsync(ChatContext chat, Guid ticketId)
    {
        var api = chat.UserApi()!;
        var ticket = (await api.GetTicketAsync(ticketId, chat.CancellationToken)).Result;
        TicketMessage? answer = null;
        string? cursor = null;
        do
        {
            var page = (await api.ListTicketMessagesAsync(ticketId, cursor, 100, chat.CancellationToken)).Result;
            answer = page.Items.LastOrDefault(m => m.FromSupport && !m.Internal) ?? answer;
            cursor = page.NextCursor;
        } while (cursor is not null);

        var lines = new List<string>
        {
            $"📨 {ticket.Subject}",
            $"Категория: {CategoryLabel(ticket.Category)}",
            $"Статус: {TicketStatusLabel(ticket.Status)}",
            $"Сообщений: {ticket.MessageCount}",
        };
        lines.Add(
            answer is null ? Texts.NoAnswerYet : $"{Texts.LastAnswer} ({When(chat, answer.CreatedAt)}):\n{answer.Text}"
        );
        var rows = new List<IEnumerable<Choice>>();
        if (ticket.Status != TicketStatus.Closed)
        {
            rows.Add([new Choice(Texts.ReplyTicketButton, Actions.TicketReply, ticketId.ToString())]);
        }

        rows.Add([new Choice(Texts.MyTicketsButton, Actions.MyTickets), new Choice(Texts.MenuButton, Actions.Menu)]);
        await chat.ReplyAsync(string.Join("\n", lines), rows);
    }

    private async Task ReplyToTicketAsync(ChatContext chat, Guid ticketId, string text)
    {
        try
        {
            await chat.UserApi()!
                .CreateTicketMessageAsync(
                    new CreateTicketMessageRequest { Text = text },
                    ticketId,
                    $"{chat.Input.UpdateKey}:ticket-reply",
                    chat.CancellationToken
                );
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 409 or 422)
        {
            await chat.ReplyAsync(FieldErrors(e, Texts.TicketReplyRefused), CancelRow);
            return;
        }
        catch (MakCrmApiException e) when (e.StatusCode is 403 or 404)
        {
            chat.Session.Reset();
            await chat.ReplyAsync(
                Texts.TicketNotFound,
                [
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return;
        }

        chat.Session.Reset();
        await chat.ReplyAsync(
            Texts.TicketReplied,
            [
                [new Choice(Texts.OpenTicketButton, Actions.TicketCard, ticketId.ToString())],
                [new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    private static IEnumerable<IEnumerable<Choice>> CategoryRows() =>
        Categories
            .Chunk(2)
            .Select(pair => pair.Select(c => new Choice(c.Label, Actions.TicketCategory, c.Category.ToString())))
            .Append([new Choice(Texts.CancelButton, Actions.Cancel)]);

    private static string CategoryLabel(TicketCategory category) =>
        Categories.FirstOrDefault(c => c.Category == category).Label ?? category.ToString();

    private static string TicketStatusLabel(TicketStatus status) =>
        status switch
        {
            TicketStatus.Open => "открыто",
            TicketStatus.In_progress => "в работе",
            TicketStatus.Waiting_for_customer => "ждёт вашего ответа",
            TicketStatus.Resolved => "решено",
            TicketStatus.Closed => "закрыто",
            _ => status.ToString(),
        };

    private static partial class Steps
    {
        public const string TicketSubject = "ticket_subject";
        public const string TicketCategory = "ticket_category";
        public const string TicketText = "ticket_text";
        public const string TicketConfirm = "ticket_confirm";
        public const string TicketReply = "ticket_reply";
    }
}

public static partial class Actions
{
    public const string Support = "support";
    public const string NewTicket = "newticket";
    public const string TicketCategory = "ticket_category";
    public const string TicketConfirm = "ticket_confirm";
    public const string MyTickets = "tickets";
    public const string TicketCard = "ticket";
    public const string TicketReply = "ticket_reply";
}
