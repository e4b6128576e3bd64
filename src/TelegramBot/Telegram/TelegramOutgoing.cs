using System.Text.Json;
using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Telegram;

/// <summary>
/// Telegram as the sender sends to it: about one message a second to a chat (<see cref="BotOptions.PerChatInterval"/>),
/// 20 a minute to a group (<see cref="BotOptions.PerGroupInterval"/>), <see cref="BotOptions.MessagesPerSecond"/>
/// overall. A 429 pauses every send for its <c>retry_after</c> (Telegram blocks the whole bot meanwhile); a 403 means
/// the chat refuses the bot (<see cref="ChatBlocking"/>); "message is not modified" is as good as sent; other 4xx are
/// refused for good, and anything else is tried again.
/// </summary>
public sealed class TelegramOutgoing(TelegramBotApi telegram, ChatBlocking blocking, BotOptions options)
    : IOutgoingChannel
{
    public string Channel => ChatKeys.TelegramChannel;

    public int MessagesPerSecond => options.MessagesPerSecond;

    public ChatPace PaceOf(string chatKey) =>
        new(ChatKeys.IdOf(chatKey).StartsWith('-') ? options.PerGroupInterval : options.PerChatInterval);

    public async Task<SendOutcome> SendAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await telegram.CallAsync<JsonElement>(
                message.Method,
                JsonDocument.Parse(message.Payload).RootElement,
                cancellationToken
            );
            return new SendOutcome(SendStatus.Sent);
        }
        catch (TelegramApiException e) when (e.IsMessageNotModified)
        {
            return new SendOutcome(SendStatus.Sent);
        }
        catch (TelegramApiException e) when (e.IsTooManyRequests)
        {
            return new SendOutcome(
                SendStatus.Paused,
                e.Description,
                TimeSpan.FromSeconds(Math.Max(1, e.RetryAfter ?? 1))
            );
        }
        catch (TelegramApiException e) when (e.IsForbidden)
        {
            await blocking.BlockedAsync(TelegramTransport.ChatId(message.ChatKey), cancellationToken);
            return new SendOutcome(SendStatus.ChatGone, e.Description);
        }
        catch (TelegramApiException e) when (e.ErrorCode is >= 400 and < 500)
        {
            return new SendOutcome(SendStatus.Failed, e.Description);
        }
        catch (TelegramApiException e)
        {
            return new SendOutcome(SendStatus.Retry, e.Description);
        }
    }
}
