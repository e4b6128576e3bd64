using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MakCrm.TelegramBot.Telegram;

namespace MakCrm.TelegramBot.Updates;

/// <summary>
/// Webhook mode: Telegram POSTs each update to <c>/telegram/webhook</c> with the secret token given to
/// <c>setWebhook</c>
/// in <c>X-Telegram-Bot-Api-Secret-Token</c>, compared in constant time. Any instance may take it (no lease).
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static void Map(WebApplication app)
    {
        app.MapPost(
            Path,
            async (
                HttpContext context,
                UpdateDispatcher dispatcher,
                BotOptions options,
                CancellationToken cancellationToken
            ) =>
            {
                var given = context.Request.Headers[SecretHeader].ToString();
                if (
                    options.WebhookSecret is not { Length: > 0 } secret
                    || !CryptographicOperations.FixedTimeEquals(
                        Encoding.UTF8.GetBytes(given),
                        Encoding.UTF8.GetBytes(secret)
                    )
                )
                {
                    return Results.StatusCode(StatusCodes.Status401Unauthorized);
                }

                TgUpdate? update;
                try
                {
                    update = await JsonSerializer.DeserializeAsync<TgUpdate>(
                        context.Request.Body,
                        TelegramJson.Options,
                        cancellationToken
                    );
                }
                catch (JsonException)
                {
                    return Results.BadRequest();
                }

                if (update is null)
                {
                    return Results.BadRequest();
                }

                await dispatcher.HandleAsync(update, cancellationToken);
                return Results.Ok();
            }
        );
    }
}

/// <summary>In webhook mode, tells Telegram where to post (with the secret token) at start-up.</summary>
public sealed class WebhookRegistration(
    TelegramBotApi telegram,
    BotOptions options,
    ILogger<WebhookRegistration> logger
) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(options.WebhookUrl!, WebhookEndpoint.Path.TrimStart('/'));
        await telegram.SetWebhookAsync(url, options.WebhookSecret!, cancellationToken);
        logger.LogInformation("Webhook set to {Url}", url);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
