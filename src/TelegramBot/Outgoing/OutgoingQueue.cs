using System.Text.Json;
using MakCrm.TelegramBot.State;
using MakCrm.TelegramBot.Telegram;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// Messages to the messengers go through the table <c>outbox</c>: written here (a dedupe key makes writing the same
/// message twice write it once), sent by <see cref="OutgoingSender"/> within each messenger's limits. A chat that
/// blocked
/// the bot gets nothing: its messages are written as dropped.
/// </summary>
public sealed class OutgoingQueue(BotDatabase database)
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public Task EnqueueMessageAsync(
        SendMessageRequest message,
        string? dedupeKey,
        CancellationToken cancellationToken
    ) =>
        EnqueueAsync(
            ChatKeys.Telegram(message.ChatId),
            "sendMessage",
            JsonSerializer.Serialize(message, TelegramJson.Options),
            dedupeKey,
            null,
            cancellationToken
        );

    public Task EnqueueEditAsync(EditMessageTextRequest edit, string? dedupeKey, CancellationToken cancellationToken) =>
        EnqueueAsync(
            ChatKeys.Telegram(edit.ChatId),
            "editMessageText",
            JsonSerializer.Serialize(edit, TelegramJson.Options),
            dedupeKey,
            null,
            cancellationToken
        );

    /// <summary>
    /// Queues <paramref name="payload"/> (the messenger's parameters for <paramref name="method"/>) for the chat; a
    /// notification carries its <paramref name="notificationTitle"/>.
    /// </summary>
    public async Task EnqueueAsync(
        string chatKey,
        string method,
        string payload,
        string? dedupeKey,
        string? notificationTitle,
        CancellationToken cancellationToken
    )
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            INSERT INTO {database.Table("outbox")} (chat_key, method, payload, dedupe_key, notification_title, status)
            VALUES ($1, $2, $3::jsonb, $4, $5,
                CASE WHEN EXISTS (SELECT 1 FROM {database.Table(
                "chats"
            )} WHERE chat_key = $1 AND blocked_at IS NOT NULL) THEN 'dropped' ELSE 'pending' END)
            ON CONFLICT (dedupe_key) DO NOTHING
            """
        );
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue(method);
        command.Parameters.AddWithValue(payload);
        command.Parameters.AddWithValue((object?)dedupeKey ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)notificationTitle ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Wake();
    }

    /// <summary>Wakes the sender (new or released messages).</summary>
    public void Wake() => _signal.Release();

    /// <summary>Wakes the sender, or times out after <paramref name="timeout"/>.</summary>
    internal Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}
