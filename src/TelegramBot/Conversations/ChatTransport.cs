using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Conversations;

/// <summary>A button as a transport shows it: its label and the opaque data it returns when pressed.</summary>
public sealed record TransportButton(string Text, string Data);

/// <summary>A message with optional rows of buttons.</summary>
public sealed record OutgoingText(string Text, IReadOnlyList<IReadOnlyList<TransportButton>>? Buttons = null);

/// <summary>
/// What the conversations need of a chat service, and nothing more: Telegram and WhatsApp each implement it, and the
/// flows know neither.
/// </summary>
public interface IChatTransport
{
    /// <summary>The prefix of this transport's chat keys (<c>tg</c>, <c>wa</c>).</summary>
    string Channel { get; }

    /// <summary>The messenger's name as the texts say it (<c>Telegram</c>, <c>WhatsApp</c>).</summary>
    string DisplayName { get; }

    /// <summary>Sends <paramref name="message"/> as a reply to the chat's input; the same <paramref name="dedupeKey"/>
    /// sends it once.</summary>
    Task SendAsync(string chatKey, OutgoingText message, string? dedupeKey, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a message the bot starts (a notification), once per <paramref name="dedupeKey"/>. A transport that may not
    /// write to a chat at any time (WhatsApp outside its 24-hour window) says so with <paramref name="title"/> and
    /// delivers the message when it may.
    /// </summary>
    Task NotifyAsync(
        string chatKey,
        OutgoingText message,
        string title,
        string dedupeKey,
        CancellationToken cancellationToken
    );

    /// <summary>Replaces a message the bot sent (where the transport can; otherwise sends a new one).</summary>
    Task EditAsync(string chatKey, string messageRef, OutgoingText message, CancellationToken cancellationToken);

    /// <summary>Acknowledges a button press (stops the client's spinner), with an optional short notice.</summary>
    Task AnswerCallbackAsync(string callbackId, string? text, CancellationToken cancellationToken);
}

/// <summary>What kind of input arrived.</summary>
public enum IncomingKind
{
    Text,
    Button,
    Contact,
    Other,

    /// <summary>The bot was added to the group (Telegram's <c>my_chat_member</c>).</summary>
    Joined,
}

/// <summary>
/// One input of a chat, transport-neutral. <see cref="Account"/> is the messenger account that sent it (the API links
/// accounts to users); <see cref="UpdateKey"/> names the update it came from (visible ASCII, short), so that an effect
/// made for it (a lead) can carry an idempotency key derived from it. <see cref="ChatTitle"/> is a group's title.
/// </summary>
public sealed record Incoming(
    IChatTransport Transport,
    string ChatKey,
    bool IsPrivate,
    ChatAccount? Account,
    string? Username,
    IncomingKind Kind,
    string? Text,
    string? CallbackId,
    string? CallbackData,
    string? MessageRef,
    string UpdateKey,
    string? ChatTitle = null
);
