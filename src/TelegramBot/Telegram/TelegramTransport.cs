using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Telegram;

/// <summary>
/// Telegram as an <see cref="IChatTransport"/>: messages and edits go through the outgoing queue (Telegram's limits),
/// callback queries are answered at once (the client's spinner, and Telegram's answer window of a few seconds).
/// </summary>
public sealed class TelegramTransport(OutgoingQueue queue, TelegramBotApi telegram, ILogger<TelegramTransport> logger)
    : IChatTransport
{
    /// <summary>Telegram's limit on a message's text.</summary>
    public const int MaxText = 4096;

    public string Channel => ChatKeys.TelegramChannel;

    public string DisplayName => "Telegram";

    public Task SendAsync(
        string chatKey,
        OutgoingText message,
        string? dedupeKey,
        CancellationToken cancellationToken
    ) =>
        queue.EnqueueMessageAsync(
            new SendMessageRequest(ChatId(chatKey), Fit(message.Text), Markup(message)),
            dedupeKey,
            cancellationToken
        );

    /// <summary>Telegram lets the bot write to a chat at any time: a notification is a message like any
    /// other.</summary>
    public Task NotifyAsync(
        string chatKey,
        OutgoingText message,
        string title,
        string dedupeKey,
        CancellationToken cancellationToken
    ) => SendAsync(chatKey, message, dedupeKey, cancellationToken);

    public Task EditAsync(
        string chatKey,
        string messageRef,
        OutgoingText message,
        CancellationToken cancellationToken
    ) =>
        queue.EnqueueEditAsync(
            new EditMessageTextRequest(
                ChatId(chatKey),
                long.Parse(messageRef, System.Globalization.CultureInfo.InvariantCulture),
                Fit(message.Text),
                Markup(message)
            ),
            null,
            cancellationToken
        );

    public async Task AnswerCallbackAsync(string callbackId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            await telegram.AnswerCallbackQueryAsync(
                new AnswerCallbackQueryRequest(callbackId, text),
                cancellationToken
            );
        }
        catch (TelegramApiException e) when (e.IsQueryTooOld || e.ErrorCode == 429)
        {
            // Too late or throttled: the press is still handled, only the spinner stays a little longer.
            logger.LogDebug("Callback query {CallbackId} not answered: {Description}", callbackId, e.Description);
        }
    }

    public static long ChatId(string chatKey) =>
        ChatKeys.ChannelOf(chatKey) == ChatKeys.TelegramChannel
            ? long.Parse(ChatKeys.IdOf(chatKey), System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentException($"Not a Telegram chat: {chatKey}", nameof(chatKey));

    private static string Fit(string text) => text.Length <= MaxText ? text : text[..(MaxText - 1)] + "…";

    private static TgInlineKeyboardMarkup? Markup(OutgoingText message) =>
        message.Buttons is { } buttons ? Markup(buttons) : null;

    /// <summary>Rows of buttons as an inline keyboard (null for none).</summary>
    public static TgInlineKeyboardMarkup? Markup(IReadOnlyList<IReadOnlyList<TransportButton>> buttons) =>
        buttons is { Count: > 0 } rows
            ? new TgInlineKeyboardMarkup(
                rows.Select(row =>
                        (IReadOnlyList<TgInlineKeyboardButton>)
                            row.Select(b => new TgInlineKeyboardButton(b.Text, b.Data)).ToList()
                    )
                    .ToList()
            )
            : null;
}
