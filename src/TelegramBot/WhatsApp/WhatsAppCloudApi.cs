using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MakCrm.TelegramBot.WhatsApp;

/// <summary>
/// The Cloud API's messages endpoint over a typed <see cref="HttpClient"/>: <c>POST {base}/{version}/{phone number
/// id}/messages</c> with the access token as a bearer token and the message as JSON; the answer names the message
/// (<c>messages[0].id</c>). A refusal is a <see cref="WhatsAppApiException"/> with the Graph error's code.
/// </summary>
public sealed class WhatsAppCloudApi(HttpClient http, BotOptions options)
{
    /// <summary>Sends one message (its JSON, as queued); answers its <c>wamid</c>.</summary>
    public async Task<string> SendAsync(string message, CancellationToken cancellationToken)
    {
        var settings = options.WhatsApp;
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri(settings.ApiUrl, $"{settings.ApiVersion}/{settings.PhoneNumberId}/messages")
        )
        {
            Content = new StringContent(message, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var sent = await response.Content.ReadFromJsonAsync<WaSendResponse>(
                WhatsAppJson.Options,
                cancellationToken
            );
            return sent?.Messages is [{ Id: { Length: > 0 } id }, ..]
                ? id
                : throw new WhatsAppApiException((int)response.StatusCode, 0, "The answer names no message.");
        }

        WaGraphError? error;
        try
        {
            error = (
                await response.Content.ReadFromJsonAsync<WaErrorResponse>(WhatsAppJson.Options, cancellationToken)
            )?.Error;
        }
        catch (JsonException)
        {
            error = null;
        }

        throw new WhatsAppApiException(
            (int)response.StatusCode,
            error?.Code ?? 0,
            error?.ErrorData?.Details ?? error?.Message ?? response.ReasonPhrase
        );
    }

    /// <summary>The JSON of a message as the Cloud API takes it.</summary>
    public static string Json(WaOutgoing message) => JsonSerializer.Serialize(message, WhatsAppJson.Options);
}

/// <summary>
/// A Cloud API refusal: the HTTP status and the Graph error's <c>code</c>, which tells what happened (the API advises
/// building on the code and its details, not on the message's wording).
/// </summary>
public sealed class WhatsAppApiException(int httpStatus, int code, string? details)
    : Exception($"WhatsApp answered {httpStatus} (code {code}): {details}")
{
    public int HttpStatus { get; } = httpStatus;

    public int Code { get; } = code;

    public string? Details { get; } = details;

    /// <summary>131047: more than 24 hours since the user last wrote; only a template may go now.</summary>
    public bool IsOutsideWindow => Code == WhatsAppErrors.ReEngagementMessage;

    /// <summary>131026: the message cannot be delivered to this user (not on WhatsApp, terms not accepted, an old
    /// app).</summary>
    public bool IsUndeliverable => Code == WhatsAppErrors.Undeliverable;

    /// <summary>131056: too many messages to this user in a short time.</summary>
    public bool IsPairRateLimit => Code == WhatsAppErrors.PairRateLimit;

    /// <summary>The number's throughput (130429), the business account's rate (80007), the app's call rate (4), spam
    /// limits (131048).</summary>
    public bool IsThrottled => Code is 130429 or 80007 or 4 or 131048;

    /// <summary>The access token is refused (190, or an HTTP 401): nothing can be sent until it is replaced.</summary>
    public bool IsUnauthorized => Code == 190 || HttpStatus == (int)HttpStatusCode.Unauthorized;

    /// <summary>Unknown errors, service unavailable, server errors: worth trying again.</summary>
    public bool IsTransient => HttpStatus >= 500 || Code is 1 or 2 or 131000 or 131016 or 131057;
}

/// <summary>The Cloud API's error codes the bot acts on.</summary>
public static class WhatsAppErrors
{
    public const int ReEngagementMessage = 131047;
    public const int Undeliverable = 131026;
    public const int PairRateLimit = 131056;
}
