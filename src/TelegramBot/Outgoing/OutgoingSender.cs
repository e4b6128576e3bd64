using MakCrm.TelegramBot.State;
using MakCrm.TelegramBot.Telegram;
using Npgsql;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// Sends the outbox, on one instance (the holder of the sender lease), within Telegram's limits: one message per
/// <see cref="BotOptions.PerChatInterval"/> to a chat (<see cref="BotOptions.PerGroupInterval"/> to a group), at most
/// <see cref="BotOptions.MessagesPerSecond"/> overall, each chat's messages in order. A 429 pauses every send for its
/// <c>retry_after</c> (Telegram blocks the whole bot meanwhile); a 403 drops the chat's messages and reports the chat
/// as blocked; network and server failures are retried with backoff.
/// </summary>
public sealed class OutgoingSender(
    BotDatabase database,
    OutgoingQueue queue,
    TelegramBotApi telegram,
    Leases leases,
    ChatBlocking blocking,
    BotOptions options,
    TimeProvider clock,
    ILogger<OutgoingSender> logger) : BackgroundService
{
    private const int MaxAttempts = 8;
    private readonly Dictionary<long, DateTimeOffset> _nextPerChat = [];
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextGlobal = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leases.TryAcquireAsync(Leases.Sender, stoppingToken))
                {
                    await Task.Delay(options.LeaseDuration / 4, clock, stoppingToken);
                    continue;
                }

                var wait = await SendDueAsync(stoppingToken);
                await queue.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning(e, "The sender failed a round; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }

        await leases.ReleaseAsync(Leases.Sender, CancellationToken.None);
    }

    /// <summary>Sends what is due now; returns how long to wait before the next round unless woken.</summary>
    internal async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _pausedUntil)
        {
            return _pausedUntil - now;
        }

        var due = await ReadDueAsync(now, cancellationToken);
        var deferred = new HashSet<long>();
        var wait = options.IdleDelay;
        foreach (var message in due)
        {
            if (deferred.Contains(message.ChatId))
            {
                continue; // keep each chat's order: nothing after a message that had to wait
            }

            now = clock.GetUtcNow();
            if (_nextPerChat.TryGetValue(message.ChatId, out var next) && next > now)
            {
                deferred.Add(message.ChatId);
                wait = Min(wait, next - now);
                continue;
            }

            if (_nextGlobal > now)
            {
                await Task.Delay(_nextGlobal - now, clock, cancellationToken);
            }

            var outcome = await SendAsync(message, cancellationToken);
            now = clock.GetUtcNow();
            _nextGlobal = now + TimeSpan.FromSeconds(1.0 / options.MessagesPerSecond);
            if (outcome == Outcome.Paused)
            {
                return _pausedUntil - now;
            }

            if (outcome == Outcome.Sent)
            {
                _nextPerChat[message.ChatId] = now + (message.ChatId < 0 ? options.PerGroupInterval : options.PerChatInterval);
            }
            else if (outcome == Outcome.Retry)
            {
                deferred.Add(message.ChatId);
            }
        }

        return due.Count == 0 ? options.IdleDelay : Min(wait, options.IdleDelay);
    }

    private async Task<Outcome> SendAsync(Queued message, CancellationToken cancellationToken)
    {
        try
        {
            await telegram.CallAsync<System.Text.Json.JsonElement>(message.Method, System.Text.Json.JsonDocument.Parse(message.Payload).RootElement, cancellationToken);
            await MarkAsync(message.Id, "sent", null, null, cancellationToken);
            return Outcome.Sent;
        }
        catch (TelegramApiException e) when (e.IsMessageNotModified)
        {
            await MarkAsync(message.Id, "sent", null, null, cancellationToken);
            return Outcome.Sent;
        }
        catch (TelegramApiException e) when (e.IsTooManyRequests)
        {
            _pausedUntil = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(1, e.RetryAfter ?? 1));
            logger.LogWarning("Telegram asked to wait {RetryAfter} s; every send pauses", e.RetryAfter);
            await MarkAsync(message.Id, "pending", e.Description, _pausedUntil, cancellationToken);
            return Outcome.Paused;
        }
        catch (TelegramApiException e) when (e.IsForbidden)
        {
            logger.LogInformation("Chat {ChatId} refuses the bot ({Description}); its messages are dropped", message.ChatId, e.Description);
            await DropChatAsync(message.ChatId, e.Description, cancellationToken);
            await blocking.BlockedAsync(message.ChatId, cancellationToken);
            return Outcome.Dropped;
        }
        catch (TelegramApiException e) when (e.ErrorCode is >= 400 and < 500)
        {
            logger.LogWarning("Telegram refused a message to chat {ChatId}: {Description}", message.ChatId, e.Description);
            await MarkAsync(message.Id, "failed", e.Description, null, cancellationToken);
            return Outcome.Dropped;
        }
        catch (Exception e) when ((e is TelegramApiException or HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            var attempts = message.Attempts + 1;
            var status = attempts >= MaxAttempts ? "failed" : "pending";
            var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempts)));
            await MarkAsync(message.Id, status, e.Message, clock.GetUtcNow() + backoff, cancellationToken, attempts);
            return Outcome.Retry;
        }
    }

    private async Task<List<Queued>> ReadDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT id, chat_id, method, payload::text, attempts FROM {database.Table("outbox")}
            WHERE status = 'pending' AND not_before <= $1 ORDER BY id LIMIT 200
            """);
        command.Parameters.AddWithValue(now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<Queued>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new Queued(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return due;
    }

    private async Task MarkAsync(long id, string status, string? error, DateTimeOffset? notBefore, CancellationToken cancellationToken, int? attempts = null)
    {
        await using var command = database.DataSource.CreateCommand($"""
            UPDATE {database.Table("outbox")} SET status = $2, last_error = $3, not_before = COALESCE($4, not_before),
                attempts = COALESCE($5, attempts), sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
            WHERE id = $1
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)notBefore ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)attempts ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task DropChatAsync(long chatId, string? error, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE {database.Table("outbox")} SET status = 'dropped', last_error = $2 WHERE chat_id = $1 AND status = 'pending'");
        command.Parameters.AddWithValue(chatId);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private enum Outcome
    {
        Sent,
        Dropped,
        Retry,
        Paused,
    }

    private sealed record Queued(long Id, long ChatId, string Method, string Payload, int Attempts);
}
