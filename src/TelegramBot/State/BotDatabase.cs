using Npgsql;

namespace MakCrm.TelegramBot.State;

/// <summary>
/// The bot's own tables, in one schema (<see cref="BotOptions.Schema"/>) of its database. Created at start-up by
/// idempotent DDL under an advisory lock, so several instances starting together do not race.
/// </summary>
public sealed class BotDatabase(NpgsqlDataSource dataSource, BotOptions options)
{
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>The schema-qualified name of a table, e.g. <c>telegram_bot.outbox</c>.</summary>
    public string Table(string name) => $"{options.Schema}.{name}";

    public async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var s = options.Schema;
        var ddl = $"""
            SELECT pg_advisory_xact_lock(hashtext('mak_telegram_bot_schema'));
            CREATE SCHEMA IF NOT EXISTS {s};
            -- Who holds a singleton job (the poller, the sender, the event follower) and until when.
            CREATE TABLE IF NOT EXISTS {s}.leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL);
            -- Small values kept across restarts: the getUpdates offset, the event feed's cursor.
            CREATE TABLE IF NOT EXISTS {s}.settings (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
            -- Updates already handled: a redelivered update (a crash before the offset moved, a webhook retry) is skipped.
            CREATE TABLE IF NOT EXISTS {s}.processed_updates (update_id bigint PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());
            -- One row per chat: the conversation's step and draft, the Telegram user and the CRM user linked, whether the chat blocked the bot.
            CREATE TABLE IF NOT EXISTS {s}.chats (
                chat_key text PRIMARY KEY,
                telegram_user_id bigint,
                user_id uuid,
                step text,
                data jsonb NOT NULL DEFAULT jsonb_build_object(),
                blocked_at timestamptz,
                updated_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX IF NOT EXISTS chats_telegram_user ON {s}.chats (telegram_user_id);
            CREATE INDEX IF NOT EXISTS chats_user ON {s}.chats (user_id);
            -- Callback data is a short key to a row here: what a button does and for whom.
            CREATE TABLE IF NOT EXISTS {s}.callbacks (
                key text PRIMARY KEY,
                chat_key text NOT NULL,
                action text NOT NULL,
                argument text,
                created_at timestamptz NOT NULL DEFAULT now());
            -- Messages waiting to go to Telegram, sent within its limits by one sender.
            CREATE TABLE IF NOT EXISTS {s}.outbox (
                id bigserial PRIMARY KEY,
                chat_id bigint NOT NULL,
                method text NOT NULL,
                payload jsonb NOT NULL,
                dedupe_key text UNIQUE,
                not_before timestamptz NOT NULL DEFAULT now(),
                attempts int NOT NULL DEFAULT 0,
                status text NOT NULL DEFAULT 'pending',
                last_error text,
                created_at timestamptz NOT NULL DEFAULT now(),
                sent_at timestamptz);
            CREATE INDEX IF NOT EXISTS outbox_pending ON {s}.outbox (id) WHERE status = 'pending';
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT value FROM {Table("settings")} WHERE key = $1");
        command.Parameters.AddWithValue(key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetSettingAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {Table("settings")} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()");
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks an update handled; false when it already was (a redelivery).</summary>
    public async Task<bool> ClaimUpdateAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"INSERT INTO {Table("processed_updates")} (update_id) VALUES ($1) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(updateId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Forgets a claim whose handling failed, so a redelivery is handled again.</summary>
    public async Task ReleaseUpdateAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {Table("processed_updates")} WHERE update_id = $1");
        command.Parameters.AddWithValue(updateId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
