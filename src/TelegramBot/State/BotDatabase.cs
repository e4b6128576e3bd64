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
            CREATE TABLE IF NOT EXISTS {s}.leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz
                NOT NULL);
            -- Small values kept across restarts: the getUpdates offset, the event feed's cursor.
            CREATE TABLE IF NOT EXISTS {s}.settings (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz
                NOT NULL DEFAULT now());
            -- Inputs already handled, by key (a Telegram update, a WhatsApp message): a redelivery (a crash before the
            -- offset moved, a webhook retry) is skipped. Claims of the table this one replaced (Telegram update ids)
                -- carry over.
            CREATE TABLE IF NOT EXISTS {s}.processed_inputs (key text PRIMARY KEY, processed_at timestamptz NOT NULL
                DEFAULT now());
            DO $$ BEGIN
                IF to_regclass('{s}.processed_updates') IS NOT NULL THEN
                    INSERT INTO {s}.processed_inputs (key, processed_at)
                        SELECT 'tg-update-' || update_id, processed_at FROM {s}.processed_updates ON CONFLICT DO
                            NOTHING;
                    DROP TABLE {s}.processed_updates;
                END IF;
            END $$;
            -- One row per chat: the
                -- conversation's step and draft, the Telegram user and the CRM user linked, whether the
            -- chat blocked the bot; for WhatsApp, when the user last wrote (the 24-hour window) and when the bot sent
                -- the
            -- template that announces held notifications since then (null: not yet).
            CREATE TABLE IF NOT EXISTS {s}.chats (
                chat_key text PRIMARY KEY,
                telegram_user_id bigint,
                user_id uuid,
                step text,
                data jsonb NOT NULL DEFAULT jsonb_build_object(),
                blocked_at timestamptz,
                updated_at timestamptz NOT NULL DEFAULT now());
            ALTER TABLE {s}.chats ADD COLUMN IF NOT EXISTS last_inbound_at timestamptz;
            ALTER TABLE {s}.chats ADD COLUMN IF NOT EXISTS template_sent_at timestamptz;
            -- A Telegram group: the organization it is linked to (null: not linked) and the topics its people turned
            -- off (see GroupTopics).
            ALTER TABLE {s}.chats ADD COLUMN IF NOT EXISTS organization_id uuid;
            -- The chat's time zone as minutes from UTC (null: Moscow's), which the times the bot writes are shown in.
            ALTER TABLE {s}.chats ADD COLUMN IF NOT EXISTS utc_offset_minutes int;
            ALTER TABLE {s}.chats ADD COLUMN IF NOT EXISTS muted_topics text[] NOT NULL DEFAULT ARRAY[]::text[];
            CREATE INDEX IF NOT EXISTS chats_telegram_user ON {s}.chats (telegram_user_id);
            CREATE INDEX IF NOT EXISTS chats_user ON {s}.chats (user_id);
            -- Callback data is a short key to a row here: what a button does and for whom.
            CREATE TABLE IF NOT EXISTS {s}.callbacks (
                key text PRIMARY KEY,
                chat_key text NOT NULL,
                action text NOT NULL,
                argument text,
                created_at timestamptz NOT NULL DEFAULT now());
            -- Messages waiting to go to a messenger, sent within its limits by one sender: the chat, the
                -- messenger's method
            -- and its parameters; for a notification its title (WhatsApp holds it outside the 24-hour window, status
            -- 'held', and names it in the template it sends instead); the messenger's id of the message once sent.
            CREATE TABLE IF NOT EXISTS {s}.outbox (
                id bigserial PRIMARY KEY,
                chat_key text NOT NULL,
                method text NOT NULL,
                payload jsonb NOT NULL,
                dedupe_key text UNIQUE,
                not_before timestamptz NOT NULL DEFAULT now(),
                attempts int NOT NULL DEFAULT 0,
                status text NOT NULL DEFAULT 'pending',
                last_error text,
                created_at timestamptz NOT NULL DEFAULT now(),
                sent_at timestamptz);
            -- An outbox of the Telegram-only bot had a chat id where this one has a chat key.
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '{s}' AND table_name = 'outbox'
                    AND column_name = 'chat_id') THEN
                    ALTER TABLE {s}.outbox ADD COLUMN IF NOT EXISTS chat_key text;
                    UPDATE {s}.outbox SET chat_key = 'tg:' || chat_id WHERE chat_key IS NULL;
                    ALTER TABLE {s}.outbox ALTER COLUMN chat_key SET NOT NULL;
                    ALTER TABLE {s}.outbox DROP COLUMN chat_id;
                END IF;
            END $$;
            ALTER TABLE {s}.outbox ADD COLUMN IF NOT EXISTS notification_title text;
            ALTER TABLE {s}.outbox ADD COLUMN IF NOT EXISTS external_id text;
            CREATE INDEX IF NOT EXISTS outbox_pending ON {s}.outbox (id) WHERE status = 'pending';
            CREATE INDEX IF NOT EXISTS outbox_held ON {s}.outbox (chat_key) WHERE status = 'held';
            CREATE INDEX IF NOT EXISTS outbox_external ON {s}.outbox (external_id) WHERE external_id IS NOT NULL;
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
            $"INSERT INTO {Table("settings")} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
                + $"excluded.value, updated_at = now()"
        );
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The claims of updates an earlier version kept without the bot's id (<c>tg-update-42</c>) become claims of
    /// <paramref name="botId"/>, so a redelivered update is still handled once; its offset, kept without the bot's id,
    /// is dropped, as Telegram keeps only the updates not yet confirmed and the bot may be another one now.
    /// </summary>
    public async Task AdoptUnnamedClaimsAsync(long botId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            WITH unnamed AS (DELETE FROM {Table("processed_inputs")} WHERE key LIKE 'tg-update-%' RETURNING key,
                processed_at)
            INSERT INTO {Table("processed_inputs")} (key, processed_at)
                SELECT 'tg-' || $1 || '-update-' || substr(key, 11), processed_at FROM unnamed ON CONFLICT DO NOTHING
            """
        );
        command.Parameters.AddWithValue(botId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var offset = dataSource.CreateCommand($"DELETE FROM {Table("settings")} WHERE key = 'poll_offset'");
        await offset.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks an input handled (its update key); false when it already was (a redelivery).</summary>
    public async Task<bool> ClaimInputAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {Table("processed_inputs")} (key) VALUES ($1) ON CONFLICT DO NOTHING"
        );
        command.Parameters.AddWithValue(key);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Forgets a claim whose handling failed, so a redelivery is handled again.</summary>
    public async Task ReleaseInputAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {Table("processed_inputs")} WHERE key = $1");
        command.Parameters.AddWithValue(key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Handles an input once: claims <paramref name="key"/>, runs <paramref name="handle"/>, and forgets the claim when
    /// it fails so that a redelivery is handled again. False when the input was handled already.
    /// </summary>
    public async Task<bool> HandleOnceAsync(string key, Func<Task> handle, CancellationToken cancellationToken)
    {
        if (!await ClaimInputAsync(key, cancellationToken))
        {
            return false;
        }

        try
        {
            await handle();
            return true;
        }
        catch
        {
            await ReleaseInputAsync(key, CancellationToken.None);
            throw;
        }
    }
}
