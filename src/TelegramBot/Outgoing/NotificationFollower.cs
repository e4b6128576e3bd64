using MakCrm.Client;
using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.Crm;
using MakCrm.TelegramBot.State;
using Npgsql;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// Delivers the notifications the API decided to send by a messenger: follows <c>GET /api/v1/events?types=
/// notification.telegram</c> (and <c>notification.whatsapp</c> when the bot has a WhatsApp side) with its own cursor
/// (on one instance, the holder of its lease) and gives each to the transport of its messenger, for the chat of the
/// recipient's link there. The link is checked with the API first, so a link removed in the cabinet gets nothing.
/// Starting without a cursor, or with one the feed no longer keeps (410), it starts from the latest event: old
/// notifications are not replayed. Each event is queued once (its id is the message's dedupe key). An organization's
/// notification for its Telegram groups (<c>notification.telegram_group</c>) goes to each group the API lists for the
/// organization, unless the group turned its topic off; a group is paced as groups are (<c>TelegramOutgoing</c>).
/// </summary>
public sealed class NotificationFollower(
    IMakCrmApiClient bot,
    BotDatabase database,
    Sessions sessions,
    Callbacks callbacks,
    AccountLinks links,
    Groups groups,
    IEnumerable<IChatTransport> transports,
    Leases leases,
    BotOptions options,
    TimeProvider clock,
    ILogger<NotificationFollower> logger
) : BackgroundService
{
    private const string CursorKey = "event_cursor";

    /// <summary>The transport of each notification event type the bot follows.</summary>
    private readonly Dictionary<EventType, IChatTransport> _transports = transports.ToDictionary(t =>
        t.Channel == ChatKeys.WhatsAppChannel ? EventType.Notification_whatsapp : EventType.Notification_telegram
    );

    private EventType[] Types =>
        _transports.ContainsKey(EventType.Notification_telegram)
            ? [.. _transports.Keys, EventType.Notification_telegram_group]
            : [.. _transports.Keys];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leases.TryAcquireAsync(Leases.EventFollower, stoppingToken))
                {
                    await Task.Delay(options.LeaseDuration / 4, clock, stoppingToken);
                    continue;
                }

                if (!await FollowOnceAsync(stoppingToken))
                {
                    await Task.Delay(options.IdleDelay, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
                when (e is MakCrmApiException or HttpRequestException or NpgsqlException or TaskCanceledException)
            {
                logger.LogWarning(e, "Reading the event feed failed; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }

        await leases.ReleaseAsync(Leases.EventFollower, CancellationToken.None);
    }

    /// <summary>Reads one page; true when there may be more right away.</summary>
    internal async Task<bool> FollowOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = await database.GetSettingAsync(CursorKey, cancellationToken);
        if (cursor is null)
        {
            await SkipToLatestAsync(cancellationToken);
            return false;
        }

        EventPage page;
        try
        {
            page = (await bot.ListEventsAsync(cursor, Types, 100, cancellationToken)).Result;
        }
        catch (MakCrmApiException e) when (e.StatusCode == 410)
        {
            logger.LogWarning("The event feed no longer keeps the bot's cursor: notifications since then are skipped");
            await SkipToLatestAsync(cancellationToken);
            return false;
        }

        foreach (var item in page.Items)
        {
            await DeliverAsync(item, cancellationToken);
        }

        await database.SetSettingAsync(CursorKey, page.NextCursor, cancellationToken);
        return page.HasMore;
    }

    private async Task SkipToLatestAsync(CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = (await bot.ListEventsAsync(after, Types, 100, cancellationToken)).Result;
            after = page.NextCursor;
            if (!page.HasMore)
            {
                break;
            }
        }

        await database.SetSettingAsync(CursorKey, after ?? "0", cancellationToken);
    }

    private async Task DeliverAsync(Event item, CancellationToken cancellationToken)
    {
        if (item.Type == EventType.Notification_telegram_group)
        {
            await DeliverToGroupsAsync(item, cancellationToken);
            return;
        }

        if (!_transports.TryGetValue(item.Type, out var transport))
        {
            return;
        }

        var notification = item.DataAs<TelegramNotification>();
        if (await sessions.ChatOfUserAsync(notification.UserId, transport.Channel, cancellationToken) is not { } chat)
        {
            return; // the recipient has no chat with the bot on this messenger
        }

        if (await links.LinkedUserAsync(chat.Account, cancellationToken) != notification.UserId)
        {
            await sessions.ForgetLinkedUserAsync(chat.ChatKey, cancellationToken);
            return;
        }

        var text = Text(notification.Title, notification.Body);
        // A button to what the notification is about: an auction notice's lot (found by its lead), a ticket, a lead;
        // a lead that arrives with nobody responsible can be taken at once.
        var open = (notification.Kind, notification.SubjectType, notification.SubjectId) switch
        {
            (NotificationKind.Auction, NotificationSubjectType.Lead, { } lotLead) => new Choice(
                Texts.OpenLotButton,
                Actions.LotOfLead,
                lotLead.ToString()
            ),
            (_, NotificationSubjectType.Ticket, { } ticketId) => new Choice(
                Texts.OpenTicketButton,
                Actions.TicketCard,
                ticketId.ToString()
            ),
            (_, NotificationSubjectType.Lead, { } leadId) => new Choice(
                Texts.OpenLeadButton,
                Actions.LeadCard,
                leadId.ToString()
            ),
            _ => null,
        };
        var take = Take(notification.Kind, notification.SubjectType, notification.SubjectId);
        var row = new[] { take, open }.OfType<Choice>().ToList();
        var buttons = row.Count == 0 ? null : await callbacks.ButtonsAsync(chat.ChatKey, [row], cancellationToken);
        await transport.NotifyAsync(
            chat.ChatKey,
            new OutgoingText(text, buttons),
            notification.Title,
            $"event-{item.Id}",
            cancellationToken
        );
    }

    /// <summary>The organization's notification, to each of its groups that has the notification's topic on.</summary>
    private async Task DeliverToGroupsAsync(Event item, CancellationToken cancellationToken)
    {
        var notification = item.DataAs<Notification>();
        if (GroupTopics.Of(notification.Kind) is not { } topic)
        {
            return;
        }

        var transport = _transports[EventType.Notification_telegram];
        var linked = (await bot.ListTelegramGroupLinksAsync(item.OrganizationId, cancellationToken)).Result.Items;
        foreach (var link in linked)
        {
            var chatKey = ChatKeys.Telegram(link.ChatId);
            var group = await groups.FindAsync(chatKey, cancellationToken);
            if (group is not null && group.MutedTopics.Contains(topic))
            {
                continue;
            }

            if (group?.OrganizationId != item.OrganizationId)
            {
                await groups.SetOrganizationAsync(chatKey, item.OrganizationId, cancellationToken);
            }

            var take = Take(notification.Kind, notification.SubjectType, notification.SubjectId);
            var buttons = take is null
                ? null
                : await callbacks.ButtonsAsync(
                    chatKey,
                    [
                        [take],
                    ],
                    cancellationToken
                );
            await transport.NotifyAsync(
                chatKey,
                new OutgoingText(Text(notification.Title, notification.Body), buttons),
                notification.Title,
                $"event-{item.Id}:{link.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                cancellationToken
            );
        }
    }

    private static string Text(string title, string? body) =>
        body is { Length: > 0 } ? $"🔔 {title}\n{body}" : $"🔔 {title}";

    /// <summary>The button that takes the lead of a notification about a lead that arrived with nobody
    /// responsible.</summary>
    private static Choice? Take(NotificationKind kind, NotificationSubjectType? subjectType, Guid? subjectId) =>
        GroupTopics.OffersTake(kind) && subjectType == NotificationSubjectType.Lead && subjectId is { } leadId
            ? new Choice(Texts.TakeLeadButton, Actions.TakeLead, leadId.ToString())
            : null;
}
