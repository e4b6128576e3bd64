namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// A messenger as <see cref="OutgoingSender"/> sends to it: how fast it may write to one chat and overall, and how one
/// queued message goes out and what its answer means. Telegram and WhatsApp each implement it.
/// </summary>
public interface IOutgoingChannel
{
    /// <summary>The chat keys' prefix of this messenger (<c>tg</c>, <c>wa</c>).</summary>
    string Channel { get; }

    /// <summary>The most messages a second to all chats together.</summary>
    int MessagesPerSecond { get; }

    /// <summary>How fast the bot may write to one chat.</summary>
    ChatPace PaceOf(string chatKey);

    Task<SendOutcome> SendAsync(QueuedMessage message, CancellationToken cancellationToken);
}

/// <summary>A message of the outbox as the sender reads it.</summary>
public sealed record QueuedMessage(
    long Id,
    string ChatKey,
    string Method,
    string Payload,
    int Attempts,
    string? NotificationTitle
);

/// <summary>One message per <see cref="Interval"/> to a chat, with up to <see cref="Burst"/> at once after a quiet
/// spell.</summary>
public sealed record ChatPace(TimeSpan Interval, int Burst = 1);

/// <summary>What became of a message the channel tried to send.</summary>
public enum SendStatus
{
    /// <summary>Delivered to the messenger (its id in <see cref="SendOutcome.ExternalId"/>).</summary>
    Sent,

    /// <summary>Refused for good (bad parameters, an undeliverable recipient): not tried again.</summary>
    Failed,

    /// <summary>Not now: tried again after <see cref="SendOutcome.Wait"/> (or a growing backoff), the chat's later
    /// messages wait.</summary>
    Retry,

    /// <summary>The messenger throttles the bot: nothing more goes to it for <see cref="SendOutcome.Wait"/>.</summary>
    Paused,

    /// <summary>The chat refuses the bot: this and its other waiting messages are dropped.</summary>
    ChatGone,

    /// <summary>Kept until the chat may be written to again (WhatsApp's 24-hour window).</summary>
    Held,
}

public sealed record SendOutcome(
    SendStatus Status,
    string? Error = null,
    TimeSpan? Wait = null,
    string? ExternalId = null
);
