using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;
using MakCrm.TelegramBot.Telegram;

namespace MakCrm.TelegramBot.Updates;

/// <summary>
/// One Telegram update, from the poller or the webhook: handled once (a redelivered <c>update_id</c> is skipped),
/// turned into a transport-neutral <see cref="Incoming"/> and given to the conversations. A failure forgets the claim
/// so that a redelivery is handled again. Update ids are the bot's own (<see cref="BotIdentity"/>), so the claim names
/// the bot: <c>tg-7000000001-update-42</c>.
/// </summary>
public sealed class UpdateDispatcher(
    BotDatabase database,
    BotIdentity identity,
    TelegramTransport transport,
    ConversationEngine conversations,
    ChatBlocking blocking,
    TimeProvider clock,
    ILogger<UpdateDispatcher> logger
)
{
    public async Task HandleAsync(TgUpdate update, CancellationToken cancellationToken)
    {
        var kind =
            update.Message is not null ? "message"
            : update.CallbackQuery is not null ? "button"
            : update.MyChatMember is not null ? "membership"
            : "other";
        if (update.Message is { Date: > 0 } message)
        {
            BotMetrics.MessageReceived(message.Date, clock);
        }

        var bot = (await identity.GetAsync(cancellationToken)).Id;
        var key = $"tg-{bot}-update-{update.UpdateId}";
        try
        {
            if (
                !await database.HandleOnceAsync(
                    key,
                    () => RouteAsync(update, key, cancellationToken),
                    cancellationToken
                )
            )
            {
                BotMetrics.UpdateHandled(kind, "repeated");
                logger.LogDebug("Update {UpdateId} was already handled", update.UpdateId);
                return;
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            BotMetrics.UpdateHandled(kind, "failed");
            throw;
        }

        BotMetrics.UpdateHandled(kind, "handled");
    }

    private async Task RouteAsync(TgUpdate update, string key, CancellationToken cancellationToken)
    {
        if (update.MyChatMember is { } member)
        {
            if (member.NewChatMember.Status is "kicked" or "left")
            {
                await blocking.BlockedAsync(member.Chat.Id, cancellationToken);
                return;
            }

            await blocking.UnblockedAsync(ChatKeys.Telegram(member.Chat.Id), cancellationToken);
            if (IsGroup(member.Chat) && member.OldChatMember.Status is "kicked" or "left")
            {
                // Added to a group: the bot says how to link it.
                await conversations.HandleAsync(
                    new Incoming(
                        transport,
                        ChatKeys.Telegram(member.Chat.Id),
                        false,
                        ChatAccount.Telegram(member.From.Id),
                        member.From.Username,
                        IncomingKind.Joined,
                        null,
                        null,
                        null,
                        null,
                        key,
                        member.Chat.Title
                    ),
                    cancellationToken
                );
            }

            return;
        }

        if (update.CallbackQuery is { } callback)
        {
            // Answered first: Telegram's window is a few seconds and the flow may call the API.
            await transport.AnswerCallbackAsync(callback.Id, null, cancellationToken);
            if (callback.Message is not { Date: > 0 } message)
            {
                return; // an inaccessible (too old or deleted) message: nothing to act on
            }

            await conversations.HandleAsync(
                new Incoming(
                    transport,
                    ChatKeys.Telegram(message.Chat.Id),
                    message.Chat.Type == "private",
                    ChatAccount.Telegram(callback.From.Id),
                    callback.From.Username,
                    IncomingKind.Button,
                    null,
                    callback.Id,
                    callback.Data,
                    message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    key,
                    message.Chat.Title
                ),
                cancellationToken
            );
            return;
        }

        if (update.Message is { From: { IsBot: false } from } incoming)
        {
            if (
                IsGroup(incoming.Chat)
                && incoming.Text is { } command
                && command.StartsWith('/')
                && !await identity.IsAddressedAsync(command.Split(' ', 2)[0], cancellationToken)
            )
            {
                return; // a command for another bot of the group
            }

            var chatKey = ChatKeys.Telegram(incoming.Chat.Id);
            await blocking.UnblockedAsync(chatKey, cancellationToken);
            var (kind, text) = incoming switch
            {
                { Text: { } t } => (IncomingKind.Text, t),
                { Contact: { } c } when c.UserId == from.Id => (IncomingKind.Contact, c.PhoneNumber),
                _ => (IncomingKind.Other, null),
            };
            await conversations.HandleAsync(
                new Incoming(
                    transport,
                    chatKey,
                    incoming.Chat.Type == "private",
                    ChatAccount.Telegram(from.Id),
                    from.Username,
                    kind,
                    text,
                    null,
                    null,
                    null,
                    key,
                    incoming.Chat.Title
                ),
                cancellationToken
            );
        }
    }

    private static bool IsGroup(TgChat chat) => chat.Type is "group" or "supergroup";
}
