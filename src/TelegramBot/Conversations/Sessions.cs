using System.Text.Json;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Conversations;

/// <summary>A chat's place in a conversation: the step it waits at and the draft gathered so far.</summary>
public sealed class Session(string chatKey, string? step, Dictionary<string, string> data)
{
    public string ChatKey { get; } = chatKey;

    public string? Step { get; set; } = step;

    public Dictionary<string, string> Data { get; } = data;

    /// <summary>The chat's time zone as its offset from UTC (Russia's zones keep one all year).</summary>
    public TimeSpan Offset { get; set; } = ConversationEngine.MoscowOffset;

    /// <summary>Ends the conversation: no step, no draft.</summary>
    public void Reset()
    {
        Step = null;
        Data.Clear();
    }
}

/// <summary>Sessions in the table <c>chats</c>, so a conversation survives a restart and works across webhook
/// instances.</summary>
public sealed class Sessions(BotDatabase database)
{
    public async Task<Session> LoadAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"SELECT step, data::text, utc_offset_minutes FROM {database.Table("chats")} WHERE chat_key = $1"
        );
        command.Parameters.AddWithValue(chatKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new Session(chatKey, null, []);
        }

        var step = await reader.IsDBNullAsync(0, cancellationToken) ? null : reader.GetString(0);
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [];
        return new Session(chatKey, step, data)
        {
            Offset = await reader.IsDBNullAsync(2, cancellationToken)
                ? ConversationEngine.MoscowOffset
                : TimeSpan.FromMinutes(reader.GetInt32(2)),
        };
    }

    /// <summary>Stores the chat's step and draft, and the Telegram user who wrote (a WhatsApp chat's account is its
    /// key).</summary>
    public async Task SaveAsync(Session session, ChatAccount? account, CancellationToken cancellationToken)
    {
        var telegramUserId = TelegramUserId(account);
        await using var command = database.DataSource.CreateCommand(
            $"""
            INSERT INTO {database.Table(
                "chats"
            )} (chat_key, telegram_user_id, step, data, utc_offset_minutes) VALUES ($1, $2, $3, $4::jsonb, $5)
            ON CONFLICT (chat_key) DO UPDATE SET telegram_user_id = COALESCE(excluded.telegram_user_id, {database.Table(
                "chats"
            )}.telegram_user_id),
                step = excluded.step, data = excluded.data, utc_offset_minutes = excluded.utc_offset_minutes,
                updated_at = now()
            """
        );
        command.Parameters.AddWithValue(session.ChatKey);
        command.Parameters.Add(
            new Npgsql.NpgsqlParameter
            {
                Value = (object?)telegramUserId ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint,
            }
        );
        command.Parameters.Add(
            new Npgsql.NpgsqlParameter
            {
                Value = (object?)session.Step ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
            }
        );
        command.Parameters.AddWithValue(JsonSerializer.Serialize(session.Data));
        command.Parameters.AddWithValue((int)session.Offset.TotalMinutes);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Remembers which CRM user the chat's messenger account was linked to, so notifications for that user
    /// find the chat.</summary>
    public async Task SetLinkedUserAsync(
        string chatKey,
        ChatAccount account,
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        // A user has one chat per messenger: an earlier chat of the same user there stops getting its notifications.
        await using var batch = database.DataSource.CreateBatch();
        var forget = new Npgsql.NpgsqlBatchCommand(
            $"UPDATE {database.Table("chats")} SET user_id = NULL WHERE user_id = $1 AND chat_key <> $2 AND chat_key "
                + $"LIKE $3 || ':%'"
        );
        forget.Parameters.AddWithValue(userId);
        forget.Parameters.AddWithValue(chatKey);
        forget.Parameters.AddWithValue(account.Channel);
        var remember = new Npgsql.NpgsqlBatchCommand(
            $"""
            INSERT INTO {database.Table("chats")} (chat_key, telegram_user_id, user_id) VALUES ($1, $2, $3)
            ON CONFLICT (chat_key) DO UPDATE SET telegram_user_id = COALESCE(excluded.telegram_user_id, {database.Table(
                "chats"
            )}.telegram_user_id),
                user_id = excluded.user_id, updated_at = now()
            """
        );
        remember.Parameters.AddWithValue(chatKey);
        remember.Parameters.Add(
            new Npgsql.NpgsqlParameter
            {
                Value = (object?)TelegramUserId(account) ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint,
            }
        );
        remember.Parameters.AddWithValue(userId);
        batch.BatchCommands.Add(forget);
        batch.BatchCommands.Add(remember);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The private chat on <paramref name="channel"/> of a CRM user's link and its messenger account, as the
    /// bot last saw them.</summary>
    public async Task<(string ChatKey, ChatAccount Account)?> ChatOfUserAsync(
        Guid userId,
        string channel,
        CancellationToken cancellationToken
    )
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            SELECT chat_key, telegram_user_id FROM {database.Table("chats")}
            WHERE user_id = $1 AND chat_key LIKE $2 || ':%' AND blocked_at IS NULL
            ORDER BY updated_at DESC LIMIT 1
            """
        );
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(channel);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var chatKey = reader.GetString(0);
        var account =
            ChatAccount.OfWhatsAppChat(chatKey)
            ?? (await reader.IsDBNullAsync(1, cancellationToken) ? null : ChatAccount.Telegram(reader.GetInt64(1)));
        return account is null ? null : (chatKey, account);
    }

    /// <summary>Forgets a link the API no longer has.</summary>
    public async Task ForgetLinkedUserAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE {database.Table("chats")} SET user_id = NULL WHERE chat_key = $1"
        );
        command.Parameters.AddWithValue(chatKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static long? TelegramUserId(ChatAccount? account) =>
        account is { Channel: ChatKeys.TelegramChannel }
            ? long.Parse(account.Id, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
