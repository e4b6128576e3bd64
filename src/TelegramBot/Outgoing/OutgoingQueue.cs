using System.Text.Json;
using MakCrm.TelegramBot.State;
using MakCrm.TelegramBot.Telegram;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// Messages to Telegram go through the table <c>outbox</c>: written here (a dedupe key makes writing the same message
/// twice write it once), sent by <see cref="OutgoingSender"/> within Telegram's limits. A chat that blocked the bot
/// gets nothing: its messages are written as dropped.
/// </summary>
public sealed class OutgoingQueue(BotDatabase database)
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public Task EnqueueMessageAsync(SendMessageRequest message, string? dedupeKey, CancellationToken cancellationToken) =>
        EnqueueAsync(message.ChatId, "sendMessage", JsonSerializer.Serialize(message, TelegramJson.Options), dedupeKey, cancellationToken);

    public Task EnqueueEditAsync(EditMessageTextRequest edit, string? dedupeKey, CancellationToken cancellationToken) =>
        EnqueueAsync(edit.ChatId, "editMessageText", JsonSerializer.Serialize(edit, TelegramJson.Options), dedupeKey, cancellationToken);

    /// <summary>Wakes the sender, or times out after <paramref name="timeout"/>.</summary>
    internal Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    private async Task EnqueueAsync(long chatId, string method, string payload, string? dedupeKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"""
            INSERT INTO {database.Table("outbox")} (chat_id, method, payload, dedupe_key, status)
            VALUES ($1, $2, $3::jsonb, $4,
                CASE WHEN EXISTS (SELECT 1 FROM {database.Table("chats")} WHERE chat_key = $5 AND blocked_at IS NOT NULL) THEN 'dropped' ELSE 'pending' END)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        command.Parameters.AddWithValue(chatId);
        command.Parameters.AddWithValue(method);
        command.Parameters.AddWithValue(payload);
        command.Parameters.AddWithValue((object?)dedupeKey ?? DBNull.Value);
        command.Parameters.AddWithValue(ChatKeys.Telegram(chatId));
        await command.ExecuteNonQueryAsync(cancellationToken);
        _signal.Release();
    }
}
