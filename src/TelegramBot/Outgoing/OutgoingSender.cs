using MakCrm.TelegramBot.State;
using Npgsql;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// Sends the outbox, on one instance (the holder of the sender lease), within each messenger's limits
/// (<see cref="IOutgoingChannel"/>): a chat gets messages no faster than its <see cref="ChatPace"/> allows, a messenger
/// at most its messages a second overall, each chat's messages in order. A messenger that throttles the bot pauses
/// every send to it for as long as it asks; a chat that refuses the bot has its messages dropped; a message the chat
/// may not get now (WhatsApp's 24-hour window) is held; network and server failures are retried with backoff.
/// </summary>
public sealed class OutgoingSender(
    BotDatabase database,
    OutgoingQueue queue,
    IEnumerable<IOutgoingChannel> channels,
    Leases leases,
    BotOptions options,
    TimeProvider clock,
    ILogger<OutgoingSender> logger
) : BackgroundService
{
    private const int MaxAttempts = 8;
    private readonly Dictionary<string, IOutgoingChannel> _channels = channels.ToDictionary(c => c.Channel);

    // Per chat, the theoretical time of its next message (GCRA): a message may go while now >= tat - (burst - 1) ×
    // interval.
    private readonly Dictionary<string, DateTimeOffset> _tat = [];
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = [];
    private readonly Dictionary<string, DateTimeOffset> _nextOfChannel = [];

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
        var due = await ReadDueAsync(clock.GetUtcNow(), cancellationToken);
        var deferred = new HashSet<string>();
        var wait = options.IdleDelay;
        foreach (var message in due)
        {
            if (deferred.Contains(message.ChatKey))
            {
                continue; // keep each chat's order: nothing after a message that had to wait
            }

            if (!_channels.TryGetValue(ChatKeys.ChannelOf(message.ChatKey), out var channel))
            {
                await MarkAsync(message.Id, "failed", "no such messenger is configured", null, cancellationToken);
                continue;
            }

            var now = clock.GetUtcNow();
            if (_pausedUntil.GetValueOrDefault(channel.Channel) is var paused && paused > now)
            {
                deferred.Add(message.ChatKey);
                wait = Min(wait, paused - now);
                continue;
            }

            var pace = channel.PaceOf(message.ChatKey);
            if (
                _tat.TryGetValue(message.ChatKey, out var chatTat)
                && chatTat - (pace.Interval * (pace.Burst - 1)) is var allowedAt
                && allowedAt > now
            )
            {
                deferred.Add(message.ChatKey);
                wait = Min(wait, allowedAt - now);
                continue;
            }

            if (_nextOfChannel.GetValueOrDefault(channel.Channel) is var next && next > now)
            {
                await Task.Delay(next - now, clock, cancellationToken);
            }

            var outcome = await SendAsync(channel, message, cancellationToken);
            now = clock.GetUtcNow();
            _nextOfChannel[channel.Channel] = now + TimeSpan.FromSeconds(1.0 / channel.MessagesPerSecond);
            switch (outcome.Status)
            {
                case SendStatus.Sent:
                    _tat[message.ChatKey] =
                        (_tat.TryGetValue(message.ChatKey, out var tat) && tat > now ? tat : now) + pace.Interval;
                    break;
                case SendStatus.Paused:
                    wait = Min(wait, _pausedUntil[channel.Channel] - now);
                    deferred.Add(message.ChatKey);
                    break;
                case SendStatus.Retry:
                    deferred.Add(message.ChatKey);
                    break;
            }
        }

        return wait;
    }

    private async Task<SendOutcome> SendAsync(
        IOutgoingChannel channel,
        QueuedMessage message,
        CancellationToken cancellationToken
    )
    {
        SendOutcome outcome;
        try
        {
            outcome = await channel.SendAsync(message, cancellationToken);
        }
        catch (Exception e)
            when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            outcome = new SendOutcome(SendStatus.Retry, e.Message);
        }

        switch (outcome.Status)
        {
            case SendStatus.Sent:
                await MarkAsync(message.Id, "sent", null, null, cancellationToken, externalId: outcome.ExternalId);
                break;
            case SendStatus.Failed:
                logger.LogWarning(
                    "The {Channel} refused a message to {ChatKey}: {Error}",
                    channel.Channel,
                    message.ChatKey,
                    outcome.Error
                );
                await MarkAsync(message.Id, "failed", outcome.Error, null, cancellationToken);
                break;
            case SendStatus.Held:
                await MarkAsync(message.Id, "held", outcome.Error, null, cancellationToken);
                break;
            case SendStatus.ChatGone:
                logger.LogInformation(
                    "Chat {ChatKey} refuses the bot ({Error}); its messages are dropped",
                    message.ChatKey,
                    outcome.Error
                );
                await DropChatAsync(message.ChatKey, outcome.Error, cancellationToken);
                break;
            case SendStatus.Paused:
                var until = clock.GetUtcNow() + Max(TimeSpan.FromSeconds(1), outcome.Wait ?? TimeSpan.FromSeconds(1));
                _pausedUntil[channel.Channel] = until;
                logger.LogWarning(
                    "The {Channel} asked to wait until {Until}: every send to it pauses ({Error})",
                    channel.Channel,
                    until,
                    outcome.Error
                );
                await MarkAsync(message.Id, "pending", outcome.Error, until, cancellationToken);
                break;
            case SendStatus.Retry:
                var attempts = message.Attempts + 1;
                var backoff = outcome.Wait ?? TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempts)));
                await MarkAsync(
                    message.Id,
                    attempts >= MaxAttempts ? "failed" : "pending",
                    outcome.Error,
                    clock.GetUtcNow() + backoff,
                    cancellationToken,
                    attempts
                );
                break;
        }

        return outcome;
    }

    private async Task<List<QueuedMessage>> ReadDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            SELECT id, chat_key, method, payload::text, attempts, notification_title FROM {database.Table("outbox")}
            WHERE status = 'pending' AND not_before <= $1 ORDER BY id LIMIT 200
            """
        );
        command.Parameters.AddWithValue(now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<QueuedMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(
                new QueuedMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetInt32(4),
                    await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5)
                )
            );
        }

        return due;
    }

    private async Task MarkAsync(
        long id,
        string status,
        string? error,
        DateTimeOffset? notBefore,
        CancellationToken cancellationToken,
        int? attempts = null,
        string? externalId = null
    )
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            UPDATE {database.Table("outbox")} SET status = $2, last_error = $3, not_before = COALESCE($4, not_before),
                attempts = COALESCE($5, attempts), external_id = COALESCE($6, external_id),
                sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
            WHERE id = $1
            """
        );
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)notBefore ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz,
            }
        );
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)attempts ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer,
            }
        );
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)externalId ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
            }
        );
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task DropChatAsync(string chatKey, string? error, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE {database.Table("outbox")} SET status = 'dropped', last_error = $2 WHERE chat_key = $1 AND "
                + $"status IN ('pending', 'held')"
        );
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
