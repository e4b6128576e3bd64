using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.WhatsApp;

/// <summary>
/// One webhook delivery of the Cloud API, checked and parsed by <see cref="WhatsAppWebhook"/>: each user's message is
/// handled once (a redelivered message id is skipped), opens the chat's 24-hour window (releasing the notifications
/// held
/// for it) and reaches the conversations as an <see cref="Incoming"/> — text, or a reply button or list row tapped (its
/// id is the callback key, resolved only in the chat it was made for). Failed statuses of the bot's own messages are
/// recorded (<see cref="WhatsAppWindow.FailedAsync"/>). Deliveries for another business number are ignored.
/// </summary>
public sealed class WhatsAppDispatcher(
    BotDatabase database,
    WhatsAppTransport transport,
    WhatsAppWindow window,
    ConversationEngine conversations,
    BotOptions options,
    ILogger<WhatsAppDispatcher> logger
)
{
    public async Task HandleAsync(WaWebhook delivery, CancellationToken cancellationToken)
    {
        foreach (var change in (delivery.Entry ?? []).SelectMany(e => e.Changes ?? []))
        {
            if (change is not { Field: "messages", Value: { } value })
            {
                continue;
            }

            if (value.Metadata?.PhoneNumberId is { } number && number != options.WhatsApp.PhoneNumberId)
            {
                logger.LogDebug("A delivery for another business number ({PhoneNumberId}) is ignored", number);
                continue;
            }

            foreach (var message in value.Messages ?? [])
            {
                var contact =
                    value.Contacts?.FirstOrDefault(c => c.WaId == message.From) ?? value.Contacts?.FirstOrDefault();
                var key = UpdateKey(message.Id);
                if (
                    !await database.HandleOnceAsync(
                        key,
                        () => HandleMessageAsync(message, contact, key, cancellationToken),
                        cancellationToken
                    )
                )
                {
                    logger.LogDebug("WhatsApp message {MessageId} was already handled", message.Id);
                }
            }

            foreach (var status in value.Statuses ?? [])
            {
                if (status is { Status: "failed" })
                {
                    var error = status.Errors?.FirstOrDefault();
                    var chat = await window.FailedAsync(
                        status.Id,
                        error?.Code ?? 0,
                        error?.ErrorData?.Details ?? error?.Title,
                        cancellationToken
                    );
                    logger.LogWarning(
                        "WhatsApp could not deliver message {MessageId} to {ChatKey}: {Code} {Title}",
                        status.Id,
                        chat,
                        error?.Code,
                        error?.Title
                    );
                }
            }

            foreach (var error in value.Errors ?? [])
            {
                logger.LogWarning(
                    "WhatsApp reports an error: {Code} {Title} {Details}",
                    error.Code,
                    error.Title,
                    error.ErrorData?.Details
                );
            }
        }
    }

    private async Task HandleMessageAsync(
        WaMessage message,
        WaContact? contact,
        string key,
        CancellationToken cancellationToken
    )
    {
        var waId = contact?.WaId ?? message.From;
        var chatKey = ChatKeys.WhatsApp(waId);
        await window.InboundAsync(chatKey, SentAt(message), cancellationToken);
        if (message.Type is "reaction")
        {
            return; // an emoji on one of the bot's messages asks for nothing
        }

        var (kind, text, data) = message switch
        {
            { Type: "text", Text.Body: { } body } => (IncomingKind.Text, body, null),
            { Type: "interactive", Interactive.ButtonReply: { } reply } => (IncomingKind.Button, null, reply.Id),
            { Type: "interactive", Interactive.ListReply: { } row } => (IncomingKind.Button, null, row.Id),
            { Type: "button", Button.Text: { } pressed } => (IncomingKind.Text, pressed, (string?)null),
            _ => (IncomingKind.Other, (string?)null, (string?)null),
        };
        await conversations.HandleAsync(
            new Incoming(
                transport,
                chatKey,
                true,
                ChatAccount.WhatsApp(waId),
                contact?.Profile?.Name,
                kind,
                text,
                null,
                data,
                message.Context?.Id,
                key
            ),
            cancellationToken
        );
    }

    /// <summary>When the user sent the message (the window runs from then), or now when the delivery does not
    /// say.</summary>
    private static DateTimeOffset SentAt(WaMessage message) =>
        long.TryParse(message.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;

    /// <summary>A message's key: short and plain ASCII whatever its <c>wamid</c>, as idempotency keys derived from it
    /// need.</summary>
    private static string UpdateKey(string messageId) =>
        "wa-msg-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];
}
