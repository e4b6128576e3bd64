using System.Globalization;
using MakCrm.TelegramBot.State;
using MakCrm.TelegramBot.Telegram;
using Npgsql;

namespace MakCrm.TelegramBot.Updates;

/// <summary>
/// Long polling by exactly one instance: the holder of the poller lease calls <c>getUpdates</c> (held by Telegram for
/// <see cref="BotOptions.PollTimeout"/>, well inside the lease), handles each update and stores the next offset, so a
/// successor continues where it stopped. Another instance renews nothing and waits for the lease to fall free. The
/// lease and the offset are the bot's (<see cref="BotIdentity"/>): another bot's token polls on its own.
/// </summary>
public sealed class LongPoller(
    TelegramBotApi telegram,
    UpdateDispatcher dispatcher,
    Leases leases,
    BotDatabase database,
    BotIdentity identity,
    BotOptions options,
    TimeProvider clock,
    ILogger<LongPoller> logger
) : BackgroundService
{
    private const string OffsetKey = "poll_offset";

    /// <summary>Whether this instance polled at least once (for tests and the health answer).</summary>
    public bool HasPolled { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var webhookDeleted = false;
        string? lease = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                lease ??= await identity.KeyAsync(Leases.Poller, stoppingToken);
                if (!await leases.TryAcquireAsync(lease, stoppingToken))
                {
                    webhookDeleted = false;
                    await Task.Delay(options.LeaseDuration / 4, clock, stoppingToken);
                    continue;
                }

                if (!webhookDeleted)
                {
                    await telegram.DeleteWebhookAsync(stoppingToken); // getUpdates is refused while a webhook is set
                    webhookDeleted = true;
                }

                await PollOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (TelegramApiException e) when (e.ErrorCode == 401)
            {
                logger.LogCritical(
                    "Telegram refuses the bot token (401): polling stops; set a valid MAK_TELEGRAM_BOT_TOKEN"
                );
                break;
            }
            catch (TelegramApiException e) when (e.IsTooManyRequests)
            {
                await Task.Delay(TimeSpan.FromSeconds(e.RetryAfter ?? 1), clock, stoppingToken);
            }
            catch (Exception e)
                when (e is TelegramApiException or HttpRequestException or NpgsqlException or TaskCanceledException)
            {
                logger.LogWarning(e, "Polling failed; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }

        if (lease is not null)
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var offsetKey = await identity.KeyAsync(OffsetKey, cancellationToken);
        var stored = await database.GetSettingAsync(offsetKey, cancellationToken);
        long? offset = stored is null ? null : long.Parse(stored, CultureInfo.InvariantCulture);
        var updates = await telegram.GetUpdatesAsync(offset, (int)options.PollTimeout.TotalSeconds, cancellationToken);
        HasPolled = true;
        foreach (var update in updates)
        {
            try
            {
                await dispatcher.HandleAsync(update, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One update that cannot be handled must not stop the others: it is logged and passed over.
                logger.LogError(e, "Update {UpdateId} failed", update.UpdateId);
            }

            await database.SetSettingAsync(
                offsetKey,
                (update.UpdateId + 1).ToString(CultureInfo.InvariantCulture),
                cancellationToken
            );
        }
    }
}
