using System.Globalization;
using MakCrm.Client;

namespace MakCrm.TelegramBot.Conversations;

// The flows of a linked user: a new lead (with the duplicate check), the user's leads, a lead's card and a comment.
public sealed partial class ConversationEngine
{
    private const int LeadsPerPage = 5;
    private const string ConsentTextVersion = "telegram-bot-2026-11";

    /// <summary>Amounts as Russians write them (1 234 567); the app runs with invariant globalization.</summary>
    private static readonly NumberFormatInfo Rubles = new()
    {
        NumberGroupSeparator = " ",
        NumberDecimalSeparator = ",",
    };

    private static readonly (LoanProduct Product, string Label)[] Products =
    [
        (LoanProduct.Mortgage, "Ипотека"),
        (LoanProduct.Consumer, "Потребительский"),
        (LoanProduct.Auto, "Автокредит"),
        (LoanProduct.Business, "Бизнес"),
        (LoanProduct.Refinancing, "Рефинансирование"),
    ];

    /// <summary>The linked user's menu: what their role lets the bot do for them (<see cref="Abilities"/>).</summary>
    private static async Task<IEnumerable<IEnumerable<Choice>>> LinkedMenuAsync(ChatContext chat)
    {
        var can = await Abilities.OfAsync(chat);
        var rows = new List<IEnumerable<Choice>>();
        var leads = new List<Choice>();
        if (can.CreateLeads)
        {
            leads.Add(new Choice(Texts.NewLeadButton, Actions.NewLead));
        }

        if (can.ReadLeads)
        {
            leads.Add(new Choice(Texts.MyLeadsButton, Actions.MyLeads));
        }

        if (leads.Count > 0)
        {
            rows.Add(leads);
        }

        if (can.Bid)
        {
            rows.Add([new Choice(Texts.LotsButton, Actions.Lots)]);
        }

        rows.Add([new Choice(Texts.FaqButton, Actions.Faq), new Choice(Texts.SearchButton, Actions.Search)]);
        if (can.Support)
        {
            rows.Add([new Choice(Texts.SupportButton, Actions.Support)]);
        }

        return rows;
    }

    /// <summary>
    /// <c>/help</c>: the commands of what the user's role lets the bot do for them; for a chat that is not linked, what
    /// anybody may do and what linking adds.
    /// </summary>
    private async Task ShowHelpAsync(ChatContext chat)
    {
        if (!await chat.IsLinkedAsync())
        {
            await chat.ReplyAsync(Texts.HelpUnlinked);
            return;
        }

        var can = await Abilities.OfAsync(chat);
        var lines = new List<string> { Texts.HelpTitle, Texts.HelpMenu };
        lines.AddRange(
            new (bool Allowed, string Line)[]
            {
                (can.CreateLeads, Texts.HelpNewLead),
                (can.ReadLeads, Texts.HelpLeads),
                (true, Texts.HelpKnowledge),
                (can.Support, Texts.HelpSupport),
                (can.Bid, Texts.HelpLots),
                (can.ManageGroups, Texts.HelpGroups),
                (true, Texts.HelpTimeZone),
                (true, Texts.HelpCancel),
            }
                .Where(item => item.Allowed)
                .Select(item => item.Line)
        );
        await chat.ReplyAsync(string.Join("\n", lines));
    }

    /// <summary>
    /// What the bot may do for a linked user: the permissions of the user's token (their role's, cut down to the
    /// bot's delegated scopes) and their organization's kind.
    /// </summary>
    private sealed record Abilities(bool CreateLeads, bool ReadLeads, bool Support, bool Bid, bool ManageGroups)
    {
        public static async Task<Abilities> OfAsync(ChatContext chat)
        {
            var me = await chat.MeAsync();
            var has = me.Permissions.ToHashSet(StringComparer.Ordinal);
            return new Abilities(
                has.Contains("leads.write"),
                has.Contains("leads.read.own") || has.Contains("leads.read.all"),
                has.Contains("tickets.create") || has.Contains("tickets.read.own"),
                has.Contains("auction.read") && me.Organization?.Kind == OrganizationKind.Franchisee,
                me.Organization?.IsOwner == true
            );
        }
    }

    /// <summary>Handles the flows' own actions; false for an action that is not one of theirs.</summary>
    private async Task<bool> HandleFlowActionAsync(ChatContext chat, string action, string? argument)
    {
        if (
            await HandleKnowledgeActionAsync(chat, action, argument)
            || await HandleTicketActionAsync(chat, action, argument)
            || await HandleAuctionActionAsync(chat, action, argument)
        )
        {
            return true;
        }

        if (
            action
            is not (
                Actions.NewLead
                or Actions.MyLeads
                or Actions.LeadCard
                or Actions.LeadComment
                or Actions.LeadProduct
                or Actions.LeadDuplicateContinue
                or Actions.LeadConsent
                or Actions.LeadConsentWithCreditHistory
                or Actions.Cancel
            )
        )
        {
            return false;
        }

        if (action == Actions.Cancel)
        {
            chat.Session.Reset();
            await chat.ReplyAsync(Texts.Cancelled);
            await ShowMenuAsync(chat);
            return true;
        }

        if (await RefuseUnlinkedAsync(chat))
        {
            return true;
        }

        try
        {
            switch (action)
            {
                case Actions.NewLead:
                    chat.Session.Reset();
                    chat.Session.Step = Steps.LeadName;
                    await chat.ReplyAsync(Texts.AskLeadName, CancelRow);
                    break;
                case Actions.LeadProduct when chat.Session.Step == Steps.LeadProduct:
                    if (argument is { Length: > 0 })
                    {
                        chat.Session.Data["product"] = argument;
                    }

                    chat.Session.Step = Steps.LeadComment;
                    await chat.ReplyAsync(Texts.AskLeadComment, CancelRow);
                    break;
                case Actions.LeadDuplicateContinue when chat.Session.Step == Steps.LeadDuplicate:
                    chat.Session.Step = Steps.LeadAmount;
                    await chat.ReplyAsync(Texts.AskLeadAmount, CancelRow);
                    break;
                case Actions.LeadConsent when chat.Session.Step == Steps.LeadConsent:
                    await SubmitLeadAsync(chat, creditHistory: false);
                    break;
                case Actions.LeadConsentWithCreditHistory when chat.Session.Step == Steps.LeadConsent:
                    await SubmitLeadAsync(chat, creditHistory: true);
                    break;
                case Actions.MyLeads:
                    await ShowLeadsAsync(chat, argument);
                    break;
                case Actions.LeadCard when Guid.TryParse(argument, out var leadId):
                    await ShowLeadAsync(chat, leadId);
                    break;
                case Actions.LeadComment when Guid.TryParse(argument, out var commentedId):
                    chat.Session.Reset();
                    chat.Session.Step = Steps.LeadCommentText;
                    chat.Session.Data["leadId"] = commentedId.ToString();
                    await chat.ReplyAsync(Texts.AskComment, CancelRow);
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
            await chat.ReplyAsync(Texts.NotFoundOrForbidden);
        }

        return true;
    }

    /// <summary>Text typed at a step of a flow.</summary>
    private async Task OnStepAsync(ChatContext chat, string step, string text)
    {
        if (
            await OnKnowledgeStepAsync(chat, step, text)
            || await OnTicketStepAsync(chat, step, text)
            || await OnAuctionStepAsync(chat, step, text)
        )
        {
            return;
        }

        if (step.StartsWith("lead", StringComparison.Ordinal) && await RefuseUnlinkedAsync(chat))
        {
            return;
        }

        var data = chat.Session.Data;
        switch (step)
        {
            case Steps.LeadName:
                if (text.Length is < 2 or > 200)
                {
                    await chat.ReplyAsync(Texts.LeadNameInvalid, CancelRow);
                    return;
                }

                data["fullName"] = text;
                chat.Session.Step = Steps.LeadPhone;
                await chat.ReplyAsync(Texts.AskLeadPhone, CancelRow);
                return;
            case Steps.LeadPhone:
                await CheckPhoneAsync(chat, text);
                return;
            case Steps.LeadAmount:
                if (text is "-" or "—")
                {
                    data.Remove("amount");
                }
                else if (
                    decimal.TryParse(
                        text.Replace(" ", "", StringComparison.Ordinal).Replace(',', '.'),
                        NumberStyles.Number,
                        CultureInfo.InvariantCulture,
                        out var amount
                    )
                    && amount > 0
                )
                {
                    data["amount"] = amount.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    await chat.ReplyAsync(Texts.AmountInvalid, CancelRow);
                    return;
                }

                chat.Session.Step = Steps.LeadProduct;
                await chat.ReplyAsync(Texts.AskLeadProduct, ProductRows());
                return;
            case Steps.LeadComment:
                if (text is not ("-" or "—"))
                {
                    data["comment"] = text;
                }

                chat.Session.Step = Steps.LeadConsent;
                await chat.ReplyAsync(
                    Summary(data) + "\n\n" + Texts.AskConsent,
                    [
                        [new Choice(Texts.ConsentButton, Actions.LeadConsent)],
                        [new Choice(Texts.ConsentWithCreditHistoryButton, Actions.LeadConsentWithCreditHistory)],
                        [new Choice(Texts.CancelButton, Actions.Cancel)],
                    ]
                );
                return;
            case Steps.LeadCommentText when Guid.TryParse(data.GetValueOrDefault("leadId"), out var leadId):
                await AddCommentAsync(chat, leadId, text);
                return;
            default:
                chat.Session.Reset();
                await chat.ReplyAsync(Texts.NotUnderstood);
                await ShowMenuAsync(chat);
                return;
        }
    }

    /// <summary>The phone is checked by the API: its format (the problem's field errors) and open leads with
    /// it.</summary>
    private async Task CheckPhoneAsync(ChatContext chat, string phone)
    {
        DuplicateCheckResult result;
        try
        {
            result = (
                await chat.UserApi()!
                    .CheckDuplicatesAsync(new DuplicateCheckRequest { Phone = phone }, chat.CancellationToken)
            ).Result;
        }
        catch (MakCrmApiException e) when (e.StatusCode == 400)
        {
            await chat.ReplyAsync(FieldErrors(e, Texts.PhoneInvalid), CancelRow);
            return;
        }

        chat.Session.Data["phone"] = phone;
        if (!result.Exists)
        {
            chat.Session.Step = Steps.LeadAmount;
            await chat.ReplyAsync(Texts.NoDuplicate + "\n" + Texts.AskLeadAmount, CancelRow);
            return;
        }

        chat.Session.Step = Steps.LeadDuplicate;
        var lines = new List<string> { Texts.DuplicateFound };
        lines.AddRange(
            result.Leads.Select(l =>
                string.Format(
                    CultureInfo.InvariantCulture,
                    Texts.DuplicateLine,
                    l.CreatedAt.ToOffset(chat.Session.Offset).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
                    StatusLabel(l.Status)
                )
            )
        );
        if (result.Elsewhere)
        {
            lines.Add(Texts.DuplicateElsewhere);
        }

        lines.Add(Texts.DuplicateExplained);
        var choices = new List<IEnumerable<Choice>>
        {
            new[] { new Choice(Texts.ContinueButton, Actions.LeadDuplicateContinue) },
        };
        choices.AddRange(
            result
                .Leads.Take(3)
                .Select(l => new[] { new Choice(Texts.OpenLeadButton, Actions.LeadCard, l.Id.ToString()) })
        );
        choices.Add([new Choice(Texts.CancelButton, Actions.Cancel)]);
        await chat.ReplyAsync(string.Join("\n", lines), choices);
    }

    /// <summary>
    /// Submits the lead with an idempotency key derived from the update that confirmed it: a redelivered update, or a
    /// retry after a failure, makes no second lead. A field the API refuses sends the user back to that step. The
    /// consents the user confirmed go with it, each recorded as the client's consent given through the bot: the
    /// processing of personal data always, the credit-history request when the user said so.
    /// </summary>
    private async Task SubmitLeadAsync(ChatContext chat, bool creditHistory)
    {
        var data = chat.Session.Data;
        var givenAt = DateTimeOffset.UtcNow;
        ConsentPurpose[] purposes = creditHistory
            ? [ConsentPurpose.PersonalDataProcessing, ConsentPurpose.CreditHistoryRequest]
            : [ConsentPurpose.PersonalDataProcessing];
        var request = new CreateLeadSubmissionRequest
        {
            FullName = data.GetValueOrDefault("fullName") ?? "",
            Phone = data.GetValueOrDefault("phone") ?? "",
            Source = "partner",
            RequestedAmount = data.TryGetValue("amount", out var amount)
                ? decimal.Parse(amount, CultureInfo.InvariantCulture)
                : null,
            Product =
                data.TryGetValue("product", out var product) && Enum.TryParse<LoanProduct>(product, out var parsed)
                    ? parsed
                    : null,
            Comment = data.GetValueOrDefault("comment"),
            Consents =
            [
                .. purposes.Select(purpose => new LeadConsentItem
                {
                    Purpose = purpose,
                    GivenAt = givenAt,
                    TextVersion = ConsentTextVersion,
                    Source = ConsentSource.Bot,
                }),
            ],
        };
        LeadSubmissionResult result;
        try
        {
            result = (
                await chat.UserApi()!.SubmitLeadAsync(request, $"{chat.Input.UpdateKey}:lead", chat.CancellationToken)
            ).Result;
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 422)
        {
            var field = (e as MakCrmApiException<Problem>)?.Result.Errors?.Keys.FirstOrDefault() ?? "";
            chat.Session.Step =
                field.Contains("phone", StringComparison.OrdinalIgnoreCase) ? Steps.LeadPhone
                : field.Contains("name", StringComparison.OrdinalIgnoreCase) ? Steps.LeadName
                : field.Contains("amount", StringComparison.OrdinalIgnoreCase) ? Steps.LeadAmount
                : Steps.LeadComment;
            await chat.ReplyAsync(FieldErrors(e, Texts.LeadRefused) + "\n" + Texts.TryAgain, CancelRow);
            return;
        }

        chat.Session.Reset();
        var text = string.Format(
            CultureInfo.InvariantCulture,
            Texts.LeadCreated,
            result.Lead.Client?.Name ?? request.FullName,
            StatusLabel(result.Lead.Status)
        );
        if (result.Duplicate is not null)
        {
            text += "\n" + Texts.LeadMarkedDuplicate;
        }

        await chat.ReplyAsync(
            text,
            [
                [new Choice(Texts.OpenLeadButton, Actions.LeadCard, result.Lead.Id.ToString())],
                [new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    /// <summary>The user's leads, newest first, a page at a time; the next page's cursor is kept behind its
    /// button.</summary>
    private async Task ShowLeadsAsync(ChatContext chat, string? cursor)
    {
        var page = (
            await chat.UserApi()!
                .ListLeadsAsync(
                    sort: LeadSort.CreatedAtDescending,
                    cursor: cursor,
                    limit: LeadsPerPage,
                    cancellationToken: chat.CancellationToken
                )
        ).Result;
        if (page.Items.Count == 0)
        {
            await chat.ReplyAsync(
                cursor is null ? Texts.NoLeads : Texts.NoMoreLeads,
                [
                    [new Choice(Texts.NewLeadButton, Actions.NewLead), new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return;
        }

        await chat.ReplyAsync(
            Texts.YourLeads,
            PageRows(
                page.Items,
                l => new Choice(LeadLabel(l, chat.Session.Offset), Actions.LeadCard, l.Id.ToString()),
                page.NextCursor,
                Actions.MyLeads
            )
        );
    }

    private async Task ShowLeadAsync(ChatContext chat, Guid leadId)
    {
        var api = chat.UserApi()!;
        var lead = (await api.GetLeadAsync(leadId, chat.CancellationToken)).Result;
        var timeline = (
            await api.GetLeadTimelineAsync(leadId, limit: 5, cancellationToken: chat.CancellationToken)
        ).Result;
        var lines = new List<string>
        {
            lead.Client is { } client
                ? string.Format(CultureInfo.InvariantCulture, Texts.LeadCardTitle, client.Name, client.Phone)
                : string.Format(
                    CultureInfo.InvariantCulture,
                    Texts.LeadCardTitleNoClient,
                    When(chat, lead.CreatedAt, "dd.MM.yyyy")
                ),
            string.Format(CultureInfo.InvariantCulture, Texts.LeadCardStatus, StatusLabel(lead.Status)),
        };
        if (lead.RequestedAmount is { } amount)
        {
            lines.Add(string.Format(Rubles, Texts.LeadCardAmount, amount));
        }

        if (lead.Product is { } product)
        {
            lines.Add(Texts.LeadCardProduct + Products.First(p => p.Product == product).Label);
        }

        if (timeline.Items.Count > 0)
        {
            lines.Add(Texts.LeadCardHistory);
            lines.AddRange(timeline.Items.Select(item => $"• {When(chat, item.At)} — {Describe(item)}"));
        }

        await chat.ReplyAsync(
            string.Join("\n", lines),
            [
                [new Choice(Texts.AddCommentButton, Actions.LeadComment, leadId.ToString())],
                [new Choice(Texts.MyLeadsButton, Actions.MyLeads), new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    private async Task AddCommentAsync(ChatContext chat, Guid leadId, string text)
    {
        try
        {
            await chat.UserApi()!
                .AddLeadCommentAsync(
                    leadId,
                    new CreateLeadCommentRequest { Text = text },
                    $"{chat.Input.UpdateKey}:comment",
                    chat.CancellationToken
                );
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 422)
        {
            await chat.ReplyAsync(FieldErrors(e, Texts.CommentRefused), CancelRow);
            return;
        }

        chat.Session.Reset();
        await chat.ReplyAsync(
            Texts.CommentAdded,
            [
                [new Choice(Texts.OpenLeadButton, Actions.LeadCard, leadId.ToString())],
                [new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    /// <summary>
    /// A lead in a list: the client's name when the token may read it (a delegated token usually may not), else its
    /// product, amount and date; then its status.
    /// </summary>
    private static string LeadLabel(Lead lead, TimeSpan offset)
    {
        var what =
            lead.Client?.Name
            ?? string.Join(
                " ",
                new[]
                {
                    lead.Product is { } product ? Products.First(p => p.Product == product).Label : "Лид",
                    lead.RequestedAmount is { } amount ? amount.ToString("#,0", Rubles) + " ₽" : null,
                }.Where(part => part is not null)
            );
        return $"{what} · {StatusLabel(lead.Status)} · {lead.CreatedAt.ToOffset(offset):dd.MM}";
    }

    /// <summary>An item of a lead's timeline in words: never a field's name, a code or an identifier.</summary>
    private static string Describe(TimelineItem item) =>
        item switch
        {
            TimelineHistoryItem { Change: var change } => DescribeChange(change, item.Actor.DisplayName),
            TimelineCommentItem comment => $"комментарий: {comment.Text}",
            TimelineTaskItem task => $"задача: {task.Text}",
            TimelineNotificationItem notification => $"уведомление: {notification.Text}",
            TimelineLedgerItem ledger => ledger.Text is { Length: > 0 } text
                ? $"баланс: {text}"
                : "операция по балансу",
            _ => "событие",
        };

    /// <summary>A change of the lead, as the history records it (<c>LeadChange</c>), said in Russian.</summary>
    private static string DescribeChange(LeadChange change, string? by)
    {
        string Amount(string? value) =>
            decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                ? Money(amount)
                : "—";
        return change.Field switch
        {
            "status" => change.From is null
                ? $"создан со статусом «{StatusLabel(change.To ?? "")}»"
                : $"статус: {StatusLabel(change.From)} → {StatusLabel(change.To ?? "")}",
            "requestedAmount" => $"сумма: {Amount(change.From)} → {Amount(change.To)}",
            "responsibleUserId" => change.To is null ? "ответственный снят"
            : by is { Length: > 0 } ? $"ответственного назначил(а) {by}"
            : "назначен ответственный",
            "comment" when change.To is { Length: > 0 } note => $"комментарий: {note}",
            "comment" => "комментарий убран",
            "duplicateOf" => "отмечен как дубль более раннего лида",
            "auctionLot" => "выставлен на аукцион",
            "auctionResult" => change.To switch
            {
                "sold" => "продан на аукционе",
                "no_bids" => "на аукционе не было ставок",
                _ => "на аукционе не набрал резервную цену",
            },
            "auctionPrice" => $"цена на аукционе: {Amount(change.To)}",
            "organizationId" => "передан другой организации",
            "redistribution" => change.To switch
            {
                "relisted" => "выставлен на аукцион снова",
                "rotated" => "передан франчайзи по очереди",
                _ => "возвращён в головной офис",
            },
            "handedOver" => decimal.TryParse(change.To, NumberStyles.Number, CultureInfo.InvariantCulture, out var p)
            && p > 0
                ? $"передан головным офисом за {Money(p)}"
                : "передан головным офисом",
            "returnRequested" => "запрошен возврат лида",
            "returnAccepted" => $"возврат принят, вернулось {Amount(change.To)}",
            "returnRejected" => "в возврате отказано",
            _ => "лид изменён",
        };
    }

    private static string StatusLabel(string status) =>
        status switch
        {
            "new" => "новый",
            "from_partner" => "от партнёра",
            "auction" => "на аукционе",
            "not_sold" => "не продан",
            "in_progress" => "в работе",
            "approved" => "одобрен",
            "issued" => "выдан",
            "rejected" => "отказ",
            "returned" => "возвращён",
            _ => status,
        };

    private static string Summary(Dictionary<string, string> data)
    {
        var lines = new List<string>
        {
            Texts.LeadSummary,
            $"ФИО: {data.GetValueOrDefault("fullName")}",
            $"Телефон: {data.GetValueOrDefault("phone")}",
        };
        if (data.TryGetValue("amount", out var amount))
        {
            lines.Add($"Сумма: {decimal.Parse(amount, CultureInfo.InvariantCulture).ToString("#,0", Rubles)} ₽");
        }

        if (data.TryGetValue("product", out var product) && Enum.TryParse<LoanProduct>(product, out var parsed))
        {
            lines.Add("Продукт: " + Products.First(p => p.Product == parsed).Label);
        }

        if (data.TryGetValue("comment", out var comment))
        {
            lines.Add($"Комментарий: {comment}");
        }

        return string.Join("\n", lines);
    }

    /// <summary>The problem's per-field errors as the API wrote them, or its title, after
    /// <paramref name="lead"/>.</summary>
    private static string FieldErrors(MakCrmApiException e, string lead)
    {
        var problem = (e as MakCrmApiException<Problem>)?.Result;
        var messages =
            problem?.Errors?.SelectMany(pair => pair.Value).ToList() is { Count: > 0 } list ? list
            : problem?.Detail is { Length: > 0 } detail ? [detail]
            : [];
        return messages.Count == 0 ? lead : lead + "\n" + string.Join("\n", messages.Select(m => "• " + m));
    }

    private static IEnumerable<IEnumerable<Choice>> ProductRows() =>
        Products
            .Chunk(2)
            .Select(pair => pair.Select(p => new Choice(p.Label, Actions.LeadProduct, p.Product.ToString())))
            .Append([new Choice(Texts.SkipButton, Actions.LeadProduct, "")]);

    private static IEnumerable<IEnumerable<Choice>> CancelRow =>
        [
            [new Choice(Texts.CancelButton, Actions.Cancel)],
        ];

    /// <summary>
    /// For a chat that is not linked: ends its conversation, says that this needs a linked account and shows the menu
    /// (true). False for a linked chat, which goes on.
    /// </summary>
    private async Task<bool> RefuseUnlinkedAsync(ChatContext chat)
    {
        if (await chat.IsLinkedAsync())
        {
            return false;
        }

        chat.Session.Reset();
        await chat.ReplyAsync(Texts.NeedsLink);
        await ShowMenuAsync(chat);
        return true;
    }

    /// <summary>A page's rows: one button per item, then the next page's button (its cursor behind it) and the
    /// menu.</summary>
    private static List<IEnumerable<Choice>> PageRows<T>(
        IEnumerable<T> items,
        Func<T, Choice> button,
        string? nextCursor,
        string pageAction
    )
    {
        var rows = items.Select(item => (IEnumerable<Choice>)[button(item)]).ToList();
        var last = new List<Choice> { new(Texts.MenuButton, Actions.Menu) };
        if (nextCursor is { } next)
        {
            last.Insert(0, new Choice(Texts.NextPageButton, pageAction, next));
        }

        rows.Add(last);
        return rows;
    }

    private static partial class Steps
    {
        public const string LeadName = "lead_name";
        public const string LeadPhone = "lead_phone";
        public const string LeadDuplicate = "lead_duplicate";
        public const string LeadAmount = "lead_amount";
        public const string LeadProduct = "lead_product";
        public const string LeadComment = "lead_comment";
        public const string LeadConsent = "lead_consent";
        public const string LeadCommentText = "lead_comment_text";
    }
}

public static partial class Actions
{
    public const string NewLead = "newlead";
    public const string MyLeads = "leads";
    public const string LeadCard = "lead";
    public const string LeadComment = "comment";
    public const string LeadProduct = "product";
    public const string LeadDuplicateContinue = "dup_continue";
    public const string LeadConsent = "consent";
    public const string LeadConsentWithCreditHistory = "consent_ch";
    public const string Cancel = "cancel";
}
