using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.WhatsApp;

/// <summary>
/// WhatsApp as the sender sends to it: the Cloud API's pair rate to one user (about one message every 6 seconds, short
/// bursts allowed) and its throughput overall (80 a second by default). A notification for a chat whose 24-hour window
/// is closed is held, and the chat gets the approved template instead, once per closed window; WhatsApp's own
/// "re-engagement" refusal (131047) does the same. Undeliverable (131026) and other refusals fail the message; the
/// pair rate (131056) has the chat wait 4^n seconds; throttling pauses every send; server trouble is tried again.
/// </summary>
public sealed class WhatsAppOutgoing(
    WhatsAppCloudApi api,
    WhatsAppWindow window,
    BotOptions options,
    ILogger<WhatsAppOutgoing> logger
) : IOutgoingChannel
{
    public string Channel => ChatKeys.WhatsAppChannel;

    public int MessagesPerSecond => options.WhatsApp.MessagesPerSecond;

    public ChatPace PaceOf(string chatKey) => new(options.WhatsApp.PairInterval, options.WhatsApp.PairBurst);

    public async Task<SendOutcome> SendAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        if (message.NotificationTitle is { } title && !await window.IsOpenAsync(message.ChatKey, cancellationToken))
        {
            return await HoldAsync(message.ChatKey, title, cancellationToken);
        }

        try
        {
            return new SendOutcome(
                SendStatus.Sent,
                ExternalId: await api.SendAsync(message.Payload, cancellationToken)
            );
        }
        catch (WhatsAppApiException e) when (e.IsOutsideWindow)
        {
            await window.ClosedAsync(message.ChatKey, cancellationToken);
            return message.NotificationTitle is { } held
                ? await HoldAsync(message.ChatKey, held, cancellationToken)
                : new SendOutcome(SendStatus.Failed, $"{e.Code}: outside the 24-hour window");
        }
        catch (WhatsAppApiException e) when (e.IsPairRateLimit)
        {
            return new SendOutcome(
                SendStatus.Retry,
                $"{e.Code}: {e.Details}",
                TimeSpan.FromSeconds(Math.Min(300, Math.Pow(4, message.Attempts)))
            );
        }
        catch (WhatsAppApiException e) when (e.IsThrottled)
        {
            return new SendOutcome(
                SendStatus.Paused,
                $"{e.Code}: {e.Details}",
                TimeSpan.FromSeconds(e.Code == 131048 ? 60 : 5)
            );
        }
        catch (WhatsAppApiException e) when (e.IsUnauthorized)
        {
            logger.LogCritical(
                "WhatsApp refuses the access token ({Code}): sending pauses; set a valid MAK_WHATSAPP_ACCESS_TOKEN",
                e.Code
            );
            return new SendOutcome(SendStatus.Paused, $"{e.Code}: {e.Details}", TimeSpan.FromMinutes(1));
        }
        catch (WhatsAppApiException e) when (e.IsTransient)
        {
            return new SendOutcome(SendStatus.Retry, $"{e.Code}: {e.Details}");
        }
        catch (WhatsAppApiException e)
        {
            return new SendOutcome(SendStatus.Failed, $"{e.Code}: {e.Details}");
        }
    }

    /// <summary>
    /// Holds a notification until the user writes; the chat gets the template that announces it, when one is configured
    /// and none was sent since the user last wrote.
    /// </summary>
    private async Task<SendOutcome> HoldAsync(string chatKey, string title, CancellationToken cancellationToken)
    {
        var settings = options.WhatsApp;
        if (settings.NotificationTemplate.Length == 0 || !await window.ClaimTemplateAsync(chatKey, cancellationToken))
        {
            return new SendOutcome(SendStatus.Held, "outside the 24-hour window");
        }

        var template = new WaOutgoing(
            ChatKeys.IdOf(chatKey),
            "template",
            Template: new WaTemplate(
                settings.NotificationTemplate,
                new WaLanguage(settings.TemplateLanguage),
                [new WaComponent("body", [new WaParameter("text", TemplateParameter(title))])]
            )
        );
        try
        {
            await api.SendAsync(WhatsAppCloudApi.Json(template), cancellationToken);
            return new SendOutcome(SendStatus.Held, "outside the 24-hour window; the template was sent");
        }
        catch (Exception e)
            when (e is WhatsAppApiException or HttpRequestException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested
            )
        {
            logger.LogWarning(e, "The notification template could not be sent to {ChatKey}", chatKey);
            await window.TemplateFailedAsync(chatKey, cancellationToken);
            return new SendOutcome(SendStatus.Held, $"outside the 24-hour window; the template failed: {e.Message}");
        }
    }

    /// <summary>A template's text parameter may hold no line breaks or tabs, nor more than four spaces in a
    /// row.</summary>
    internal static string TemplateParameter(string text)
    {
        var flat = string.Join(' ', text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return WhatsAppTransport.Fit(flat.Length > 0 ? flat : "—", 200);
    }
}
