using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MakCrm.TelegramBot.WhatsApp;

/// <summary>
/// The Cloud API's webhook, <c>/whatsapp/webhook</c>, on any instance (no lease). <c>GET</c> is Meta's subscription
/// handshake: <c>hub.mode=subscribe</c> with the configured <c>hub.verify_token</c> is answered with
/// <c>hub.challenge</c>,
/// anything else with 403. <c>POST</c> is a delivery: its <c>X-Hub-Signature-256</c> must be <c>sha256=</c> and the
/// HMAC-SHA256 of the raw body under the app secret, compared in constant time, or it is refused with 401 before the
/// body is read as JSON. A delivery the bot fails to handle is answered 500, so Meta delivers it again.
/// </summary>
public static class WhatsAppWebhook
{
    public const string Path = "/whatsapp/webhook";
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>Deliveries are small JSON documents; anything larger is refused unread.</summary>
    private const int MaxBody = 3 * 1024 * 1024;

    public static void Map(WebApplication app)
    {
        app.MapGet(
            Path,
            (HttpContext context, BotOptions options) =>
            {
                var query = context.Request.Query;
                return
                    query["hub.mode"] == "subscribe"
                    && Same(query["hub.verify_token"].ToString(), options.WhatsApp.VerifyToken)
                    ? Results.Text(query["hub.challenge"].ToString(), "text/plain")
                    : Results.StatusCode(StatusCodes.Status403Forbidden);
            }
        );

        app.MapPost(
            Path,
            async (
                HttpContext context,
                WhatsAppDispatcher dispatcher,
                BotOptions options,
                CancellationToken cancellationToken
            ) =>
            {
                if (context.Request.ContentLength > MaxBody)
                {
                    return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }

                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, cancellationToken);
                var body = buffer.ToArray();
                if (
                    !SignatureMatches(
                        context.Request.Headers[SignatureHeader].ToString(),
                        body,
                        options.WhatsApp.AppSecret
                    )
                )
                {
                    return Results.StatusCode(StatusCodes.Status401Unauthorized);
                }

                WaWebhook? delivery;
                try
                {
                    delivery = JsonSerializer.Deserialize<WaWebhook>(body, WhatsAppJson.Options);
                }
                catch (JsonException)
                {
                    return Results.BadRequest();
                }

                if (delivery is not { Object: "whatsapp_business_account" })
                {
                    return Results.BadRequest();
                }

                await dispatcher.HandleAsync(delivery, cancellationToken);
                return Results.Ok();
            }
        );
    }

    /// <summary>Whether <paramref name="header"/> is <c>sha256=</c> and the hex HMAC-SHA256 of <paramref name="body"/>
    /// under <paramref name="appSecret"/>.</summary>
    public static bool SignatureMatches(string header, byte[] body, string appSecret)
    {
        const string Prefix = "sha256=";
        if (appSecret.Length == 0 || !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            given,
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body)
        );
    }

    private static bool Same(string given, string expected) =>
        expected.Length > 0
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
