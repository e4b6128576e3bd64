using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;
using Npgsql;

namespace MakCrm.TelegramBot.WhatsApp;

/// <summary>
/// WhatsApp's 24-hour customer-service window, per chat, in the bot's tables: when the user last wrote
/// (<c>chats.last_inbound_at</c>, from the message's own timestamp), the notifications held while the window is closed
/// (<c>outbox.status = 'held'</c>), and whether the bot sent the template that announces them since the user last wrote
/// (<c>chats.template_sent_at</c>, cleared by the user's next message): one template per closed window, however many
/// notifications wait.
/// </summary>
public sealed class WhatsAppWindow(BotDatabase database, OutgoingQueue queue, BotOptions options, TimeProvider clock)
{
    /// <summary>Whether the bot may send a free-form message to the chat now.</summary>
    public async Task<bool> IsOpenAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"SELECT last_inbound_at FROM {database.Table("chats")} WHERE chat_key = $1"
        );
        command.Parameters.AddWithValue(chatKey);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime last
            && new DateTimeOffset(last, TimeSpan.Zero) > clock.GetUtcNow() - WhatsAppSettings.CustomerServiceWindow;
    }

    /// <summary>
    /// The user wrote at <paramref name="at"/>: the window opens (or stays open) from then, the next closed window may
    /// have its template, and the notifications held for the chat are queued again, oldest first — those older than
    /// <see cref="WhatsAppSettings.HeldNotificationLifetime"/> are dropped as expired.
    /// </summary>
    public async Task InboundAsync(string chatKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var batch = database.DataSource.CreateBatch();
        var open = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {database.Table("chats")} AS c (chat_key, last_inbound_at) VALUES ($1, $2)
            ON CONFLICT (chat_key) DO UPDATE
            SET last_inbound_at = GREATEST(c.last_inbound_at, excluded.last_inbound_at), template_sent_at = NULL,
                updated_at = now()
            """
        );
        open.Parameters.AddWithValue(chatKey);
        open.Parameters.AddWithValue(at);
        var release = new NpgsqlBatchCommand(
            $"""
            UPDATE {database.Table(
                "outbox"
            )} SET status = CASE WHEN created_at > $2 THEN 'pending' ELSE 'expired' END, not_before = now()
            WHERE chat_key = $1 AND status = 'held'
            """
        );
        release.Parameters.AddWithValue(chatKey);
        release.Parameters.AddWithValue(clock.GetUtcNow() - options.WhatsApp.HeldNotificationLifetime);
        batch.BatchCommands.Add(open);
        batch.BatchCommands.Add(release);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        queue.Wake();
    }

    /// <summary>WhatsApp says the window is closed (131047): the bot's record of the user's last message is out of
    /// date.</summary>
    public async Task ClosedAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE {database.Table("chats")} SET last_inbound_at = NULL WHERE chat_key = $1"
        );
        command.Parameters.AddWithValue(chatKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the chat should get the template now: none was sent since the user last wrote; it is marked as sent at
    /// once (of two senders one wins), and <see cref="TemplateFailedAsync"/> takes the mark back.
    /// </summary>
    public async Task<bool> ClaimTemplateAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            INSERT INTO {database.Table("chats")} AS c (chat_key, template_sent_at) VALUES ($1, now())
            ON CONFLICT (chat_key) DO UPDATE SET template_sent_at = now() WHERE c.template_sent_at IS NULL
            RETURNING chat_key
            """
        );
        command.Parameters.AddWithValue(chatKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string;
    }

    public async Task TemplateFailedAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE {database.Table("chats")} SET template_sent_at = NULL WHERE chat_key = $1"
        );
        command.Parameters.AddWithValue(chatKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A status webhook says a sent message failed. Outside the window (131047) a notification is held again (and the
    /// window taken as closed), a reply is failed; any other error fails the message with its code.
    /// </summary>
    public async Task<string?> FailedAsync(
        string externalId,
        int code,
        string? details,
        CancellationToken cancellationToken
    )
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            UPDATE {database.Table("outbox")}
            SET status = CASE WHEN $2 = {WhatsAppErrors.ReEngagementMessage} AND notification_title IS NOT NULL THEN
                'pending' ELSE 'failed' END,
                not_before = now(), last_error = $3
            WHERE external_id = $1 AND status = 'sent'
            RETURNING chat_key
            """
        );
        command.Parameters.AddWithValue(externalId);
        command.Parameters.AddWithValue(code);
        command.Parameters.AddWithValue($"{code}: {details}");
        var chatKey = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (chatKey is not null && code == WhatsAppErrors.ReEngagementMessage)
        {
            await ClosedAsync(chatKey, cancellationToken);
            queue.Wake();
        }

        return chatKey;
    }
}
