using System.Globalization;
using MakCrm.Client;

namespace MakCrm.TelegramBot.Conversations;

// The franchisee's auction: open lots as the API masks them, a lot's card with its live price, and a bid confirmed
// before it is placed. Being outbid, winning and losing arrive as auction notifications with a button to the lot.
public sealed partial class ConversationEngine
{
    private const int LotsPerPage = 5;

    private async Task<bool> HandleAuctionActionAsync(ChatContext chat, string action, string? argument)
    {
        if (
            action
            is not (
                Actions.Lots
                or Actions.LotCard
                or Actions.LotOfLead
                or Actions.LotBid
                or Actions.LotBidOther
                or Actions.LotBidConfirm
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
                case Actions.Lots:
                    await ShowLotsAsync(chat, argument);
                    break;
                case Actions.LotCard when Guid.TryParse(argument, out var lotId):
                    await ShowLotAsync(chat, lotId);
                    break;
                case Actions.LotOfLead when Guid.TryParse(argument, out var leadId):
                    // An auction notification names the lead; its latest lot is the one the notice is about.
                    var lots = (
                        await chat.UserApi()!
                            .ListLotsAsync(
                                leadId: leadId,
                                sort: LotSort.CreatedAtDescending,
                                limit: 1,
                                cancellationToken: chat.CancellationToken
                            )
                    )
                        .Result
                        .Items;
                    if (lots.FirstOrDefault() is { } lot)
                    {
                        await ShowLotAsync(chat, lot.Id);
                    }
                    else
                    {
                        await chat.ReplyAsync(
                            Texts.LotNotFound,
                            [
                                [
                                    new Choice(Texts.LotsButton, Actions.Lots),
                                    new Choice(Texts.MenuButton, Actions.Menu),
                                ],
                            ]
                        );
                    }

                    break;
                case Actions.LotBid when ParseBid(argument) is { } bid:
                    await AskBidConfirmationAsync(chat, bid.LotId, bid.Amount);
                    break;
                case Actions.LotBidOther when Guid.TryParse(argument, out var otherId):
                    chat.Session.Reset();
                    chat.Session.Step = Steps.BidAmount;
                    chat.Session.Data["lotId"] = otherId.ToString();
                    await chat.ReplyAsync(Texts.AskBidAmount, CancelRow);
                    break;
                case Actions.LotBidConfirm when ParseBid(argument) is { } confirmed:
                    await PlaceBidAsync(chat, confirmed.LotId, confirmed.Amount);
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
                e.StatusCode == 403 ? Texts.AuctionForbidden : Texts.LotNotFound,
                [
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
        }

        return true;
    }

    /// <summary>An amount typed for a bid; false for a step that is not this one.</summary>
    private async Task<bool> OnAuctionStepAsync(ChatContext chat, string step, string text)
    {
        if (step != Steps.BidAmount)
        {
            return false;
        }

        if (await RefuseUnlinkedAsync(chat))
        {
            return true;
        }

        if (!Guid.TryParse(chat.Session.Data.GetValueOrDefault("lotId"), out var lotId))
        {
            chat.Session.Reset();
            await ShowMenuAsync(chat);
            return true;
        }

        var typed = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '₽').ToArray()).Replace(',', '.');
        if (
            !decimal.TryParse(typed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0
        )
        {
            await chat.ReplyAsync(Texts.AmountInvalid, CancelRow);
            return true;
        }

        chat.Session.Reset();
        await AskBidConfirmationAsync(chat, lotId, amount);
        return true;
    }

    /// <summary>Open lots a page at a time; what a lot shows is what the API gives a franchisee (the lead
    /// masked).</summary>
    private async Task ShowLotsAsync(ChatContext chat, string? cursor)
    {
        var page = (
            await chat.UserApi()!
                .ListLotsAsync(
                    status: LotStatus.Open,
                    sort: LotSort.EndsAt,
                    cursor: cursor,
                    limit: LotsPerPage,
                    cancellationToken: chat.CancellationToken
                )
        ).Result;
        if (page.Items.Count == 0)
        {
            await chat.ReplyAsync(
                cursor is null ? Texts.NoLots : Texts.NoMoreLots,
                [
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return;
        }

        await chat.ReplyAsync(
            Texts.OpenLots,
            PageRows(
                page.Items,
                l => new Choice(LotLabel(l), Actions.LotCard, l.Id.ToString()),
                page.NextCursor,
                Actions.Lots
            )
        );
    }

    /// <summary>A lot's card: the masked lead, and the live state (price, next minimum, end, the caller's
    /// position).</summary>
    private async Task ShowLotAsync(ChatContext chat, Guid lotId)
    {
        var api = chat.UserApi()!;
        var lot = (await api.GetLotAsync(lotId, chat.CancellationToken)).Result;
        var live = (await api.GetLotLiveStateAsync(lotId, cancellationToken: chat.CancellationToken)).Result;
        var lines = new List<string>
        {
            string.Format(CultureInfo.InvariantCulture, Texts.LotTitle, LotNumber(lot.Id)),
            $"Лид: {lot.Lead.Name}",
        };
        if (lot.Lead.City is { Length: > 0 } city)
        {
            lines.Add($"Город: {city}");
        }

        if (lot.Lead.Product is { } product)
        {
            lines.Add(Texts.LeadCardProduct + Products.First(p => p.Product == product).Label);
        }

        if (lot.Lead.RequestedAmount is { } requested)
        {
            lines.Add($"Сумма кредита: {Money(requested)}");
        }

        if (lot.Contact is { } contact)
        {
            lines.Add($"Контакт: {contact.FullName}, {contact.Phone}");
        }

        lines.Add($"Статус: {PhaseLabel(live.Status)}");
        lines.Add(
            live.CurrentPrice is { } price
                ? $"Текущая цена: {Money(price)} (ставок: {live.BidCount})"
                : $"Стартовая цена: {Money(lot.StartPrice)}"
        );
        lines.Add($"Шаг: {Money(lot.MinStep)}");
        lines.Add($"Окончание: {When(chat, live.EndsAt, "dd.MM.yyyy HH:mm", named: true)}");
        if (live.Position != BidPosition.None)
        {
            lines.Add(live.Position == BidPosition.Leading ? Texts.YouLead : Texts.YouAreOutbid);
        }

        var rows = new List<IEnumerable<Choice>>();
        if (live.Status == LotPhase.Live)
        {
            lines.Add($"Минимальная ставка: {Money(live.MinNextBid)}");
            rows.Add([
                new Choice(
                    string.Format(CultureInfo.InvariantCulture, Texts.BidButton, Money(live.MinNextBid)),
                    Actions.LotBid,
                    BidArgument(lotId, live.MinNextBid)
                ),
            ]);
            rows.Add([
                new Choice(Texts.BidOtherButton, Actions.LotBidOther, lotId.ToString()),
                new Choice(Texts.RefreshButton, Actions.LotCard, lotId.ToString()),
            ]);
        }

        rows.Add([new Choice(Texts.LotsButton, Actions.Lots), new Choice(Texts.MenuButton, Actions.Menu)]);
        await chat.ReplyAsync(string.Join("\n", lines), rows);
    }

    private async Task AskBidConfirmationAsync(ChatContext chat, Guid lotId, decimal amount) =>
        await chat.ReplyAsync(
            string.Format(CultureInfo.InvariantCulture, Texts.ConfirmBid, Money(amount), LotNumber(lotId)),
            [
                [new Choice(Texts.ConfirmBidButton, Actions.LotBidConfirm, BidArgument(lotId, amount))],
                [new Choice(Texts.CancelButton, Actions.LotCard, lotId.ToString())],
            ]
        );

    /// <summary>
    /// Places the bid with an idempotency key derived from the confirming update: a redelivered confirmation, or a
    /// retry after a failure, bids once. A refusal is explained from the API's problem code.
    /// </summary>
    private async Task PlaceBidAsync(ChatContext chat, Guid lotId, decimal amount)
    {
        Bid bid;
        try
        {
            bid = (
                await chat.UserApi()!
                    .PlaceBidAsync(
                        lotId,
                        new PlaceBidRequest { Amount = amount },
                        $"{chat.Input.UpdateKey}:bid",
                        chat.CancellationToken
                    )
            ).Result;
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 409 or 422)
        {
            var problem = (e as MakCrmApiException<Problem>)?.Result;
            var reason = problem?.Code switch
            {
                "bid_too_low" => string.Format(
                    CultureInfo.InvariantCulture,
                    Texts.BidTooLow,
                    problem.MinimumBid is { } minimum ? Money(minimum) : "—"
                ),
                "lot_not_started" => Texts.LotNotStarted,
                "lot_ended" => Texts.LotEnded,
                "lot_not_eligible" => Texts.LotNotEligible,
                "insufficient_balance" => string.Format(
                    CultureInfo.InvariantCulture,
                    Texts.InsufficientBalance,
                    problem.AvailableBalance is { } available ? Money(available) : "—"
                ),
                _ => FieldErrors(e, Texts.BidRefused),
            };
            await chat.ReplyAsync(
                reason,
                [
                    [new Choice(Texts.OpenLotButton, Actions.LotCard, lotId.ToString())],
                    [new Choice(Texts.LotsButton, Actions.Lots), new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return;
        }

        await chat.ReplyAsync(
            string.Format(
                CultureInfo.InvariantCulture,
                Texts.BidPlaced,
                Money(bid.Amount),
                LotNumber(lotId),
                When(chat, bid.LotEndsAt, "dd.MM.yyyy HH:mm", named: true)
            ),
            [
                [new Choice(Texts.OpenLotButton, Actions.LotCard, lotId.ToString())],
                [new Choice(Texts.LotsButton, Actions.Lots), new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    /// <summary>Whether the linked user may bid: its organization is a franchisee (the API's <c>/me</c> says
    /// so).</summary>
    private static string LotLabel(Lot lot)
    {
        var what = lot.Lead.Product is { } product ? Products.First(p => p.Product == product).Label : lot.Lead.Name;
        var city = lot.Lead.City is { Length: > 0 } c ? $" · {c}" : "";
        return $"№{LotNumber(lot.Id)} · {what}{city} · {Money(lot.CurrentPrice ?? lot.StartPrice)}";
    }

    /// <summary>A short number for a lot in texts: the last six hex digits of its id (the random part of a UUID
    /// v7).</summary>
    private static string LotNumber(Guid id) => id.ToString("N")[^6..].ToUpperInvariant();

    private static string Money(decimal amount) =>
        amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00", Rubles) + " ₽";

    private static string BidArgument(Guid lotId, decimal amount) =>
        $"{lotId}|{amount.ToString(CultureInfo.InvariantCulture)}";

    private static (Guid LotId, decimal Amount)? ParseBid(string? argument) =>
        argument?.Split('|') is [var id, var amount]
        && Guid.TryParse(id, out var lotId)
        && decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)
            ? (lotId, parsed)
            : null;

    private static string PhaseLabel(LotPhase phase) =>
        phase switch
        {
            LotPhase.Scheduled => "ещё не начался",
            LotPhase.Live => "идут торги",
            LotPhase.Ended => "торги завершены, подводятся итоги",
            LotPhase.Sold => "продан",
            LotPhase.Not_sold => "не продан",
            _ => phase.ToString(),
        };

    private static partial class Steps
    {
        public const string BidAmount = "bid_amount";
    }
}

public static partial class Actions
{
    public const string Lots = "lots";
    public const string LotCard = "lot";
    public const string LotOfLead = "lot_of_lead";
    public const string LotBid = "bid";
    public const string LotBidOther = "bid_other";
    public const string LotBidConfirm = "bid_confirm";
}
