using System.Globalization;
using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.WhatsApp;

/// <summary>
/// WhatsApp as an <see cref="IChatTransport"/>: messages go through the outgoing queue (the Cloud API's pace). The
/// flows' rows of buttons become what WhatsApp offers: up to 3 reply buttons of up to 20 characters; more choices, or
/// a longer label, a list of up to 10 rows (a longer list is sent as several) whose row title holds 24 characters and
/// whose description the whole label up to 72. A button's id is its callback key, as in Telegram. WhatsApp edits no
/// messages, so an edit is a new message, and a tap needs no answer.
/// </summary>
public sealed class WhatsAppTransport(OutgoingQueue queue) : IChatTransport
{
    /// <summary>The Cloud API's limits on a text message's body, …</summary>
    public const int MaxText = 4096;

    /// <summary>… on an interactive reply-buttons message's body, the number of its buttons and a button's title,
    /// …</summary>
    public const int MaxButtonsBody = 1024;
    public const int MaxReplyButtons = 3;
    public const int MaxButtonTitle = 20;

    /// <summary>… and on a list: its rows, a row's title and description, and the label of the button that opens
    /// it.</summary>
    public const int MaxListRows = 10;
    public const int MaxRowTitle = 24;
    public const int MaxRowDescription = 72;

    /// <summary>The method of the outbox rows this transport queues: <c>POST …/messages</c>.</summary>
    public const string Method = "messages";

    public string Channel => ChatKeys.WhatsAppChannel;

    public string DisplayName => "WhatsApp";

    public Task SendAsync(
        string chatKey,
        OutgoingText message,
        string? dedupeKey,
        CancellationToken cancellationToken
    ) => EnqueueAsync(chatKey, message, dedupeKey, null, cancellationToken);

    /// <summary>A notification carries its title: outside the 24-hour window it is held, and the template names
    /// it.</summary>
    public Task NotifyAsync(
        string chatKey,
        OutgoingText message,
        string title,
        string dedupeKey,
        CancellationToken cancellationToken
    ) => EnqueueAsync(chatKey, message, dedupeKey, title, cancellationToken);

    public Task EditAsync(
        string chatKey,
        string messageRef,
        OutgoingText message,
        CancellationToken cancellationToken
    ) => SendAsync(chatKey, message, null, cancellationToken);

    public Task AnswerCallbackAsync(string callbackId, string? text, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>The Cloud API messages that show <paramref name="message"/> to <paramref name="waId"/>, in
    /// order.</summary>
    public static IReadOnlyList<WaOutgoing> Messages(string waId, OutgoingText message)
    {
        var buttons = message.Buttons?.SelectMany(row => row).ToList() ?? [];
        if (buttons.Count == 0)
        {
            return [new WaOutgoing(waId, "text", Text: new WaText(Fit(message.Text, MaxText), false))];
        }

        var titles = buttons.Select(b => b.Text).ToList();
        if (
            buttons.Count <= MaxReplyButtons
            && titles.All(t => t.Length <= MaxButtonTitle)
            && titles.Distinct(StringComparer.Ordinal).Count() == titles.Count
        )
        {
            var replies = new WaAction(
                Buttons: buttons.Select(b => new WaReplyButton(new WaReply(b.Data, b.Text))).ToList()
            );
            return message.Text.Length <= MaxButtonsBody
                ? [Interactive(waId, "button", message.Text, replies)]
                :
                [
                    new WaOutgoing(waId, "text", Text: new WaText(Fit(message.Text, MaxText), false)),
                    Interactive(waId, "button", Texts.ChooseBelow, replies),
                ];
        }

        return buttons
            .Chunk(MaxListRows)
            .Select(
                (rows, page) =>
                    Interactive(
                        waId,
                        "list",
                        page == 0 ? Fit(message.Text, MaxText) : Texts.MoreChoices,
                        new WaAction(Button: Texts.ChooseButton, Sections: [new WaSection(rows.Select(Row).ToList())])
                    )
            )
            .ToList();
    }

    private static WaOutgoing Interactive(string waId, string type, string body, WaAction action) =>
        new(waId, "interactive", Interactive: new WaInteractive(type, new WaBody(body), action));

    /// <summary>A list row: the label in the title, cut to 24 characters, and then whole (up to 72) in the
    /// description.</summary>
    private static WaReply Row(TransportButton button) =>
        button.Text.Length <= MaxRowTitle
            ? new WaReply(button.Data, button.Text)
            : new WaReply(button.Data, Fit(button.Text, MaxRowTitle), Fit(button.Text, MaxRowDescription));

    private async Task EnqueueAsync(
        string chatKey,
        OutgoingText message,
        string? dedupeKey,
        string? title,
        CancellationToken cancellationToken
    )
    {
        var parts = Messages(ChatKeys.IdOf(chatKey), message);
        for (var i = 0; i < parts.Count; i++)
        {
            // Each part once: the first under the caller's key, the others under it and their place.
            var key =
                dedupeKey is null ? null
                : i == 0 ? dedupeKey
                : $"{dedupeKey}#{i.ToString(CultureInfo.InvariantCulture)}";
            await queue.EnqueueAsync(chatKey, Method, WhatsAppCloudApi.Json(parts[i]), key, title, cancellationToken);
        }
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters with an ellipsis, never inside a
    /// character or an emoji.</summary>
    public static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = new StringInfo(text);
        var elements = 0;
        var length = 0;
        while (
            elements < cut.LengthInTextElements && length + cut.SubstringByTextElements(elements, 1).Length <= max - 1
        )
        {
            length += cut.SubstringByTextElements(elements, 1).Length;
            elements++;
        }

        return text[..length] + "…";
    }
}
