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

    /// <summary>Sends <paramref name="message"/>; the same <paramref name="dedupeKey"/> sends it once.</summary>
    Task SendAsync(string chatKey, OutgoingText message, string? dedupeKey, CancellationToken cancellationToken);

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
}

/// <summary>
/// One input of a chat, transport-neutral. <see cref="UpdateKey"/> names the update it came from, so that an effect
/// made for it (a lead) can carry an idempotency key derived from it.
/// </summary>
public sealed record Incoming(
    IChatTransport Transport,
    string ChatKey,
    bool IsPrivate,
    long? TelegramUserId,
    string? Username,
    IncomingKind Kind,
    string? Text,
    string? CallbackId,
    string? CallbackData,
    string? MessageRef,
    string UpdateKey);
