using System.Net.Http.Json;
using System.Text.Json;

namespace MakCrm.TelegramBot.Telegram;

/// <summary>
/// The Bot API over a typed <see cref="HttpClient"/>: <c>POST {base}/bot{token}/{method}</c> with a JSON body, an
/// <c>{"ok":…}</c> answer. A refusal is a <see cref="TelegramApiException"/> (with <c>retry_after</c> when Telegram
/// throttles). The request URL holds the token, so it is never logged here.
/// </summary>
public sealed class TelegramBotApi(HttpClient http, BotOptions options)
{
    /// <summary>The updates the bot asks for.</summary>
    public static readonly IReadOnlyList<string> AllowedUpdates = ["message", "callback_query", "my_chat_member"];

    public Task<TgUser> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync<TgUser>("getMe", new { }, cancellationToken);

    public Task<IReadOnlyList<TgUpdate>> GetUpdatesAsync(
        long? offset,
        int timeoutSeconds,
        CancellationToken cancellationToken
    ) =>
        CallAsync<IReadOnlyList<TgUpdate>>(
            "getUpdates",
            new GetUpdatesRequest(offset, 100, timeoutSeconds, AllowedUpdates),
            cancellationToken
        );

    public Task<bool> SetWebhookAsync(Uri url, string secretToken, CancellationToken cancellationToken) =>
        CallAsync<bool>(
            "setWebhook",
            new SetWebhookRequest(url.AbsoluteUri, secretToken, AllowedUpdates),
            cancellationToken
        );

    public Task<bool> DeleteWebhookAsync(CancellationToken cancellationToken) =>
        CallAsync<bool>("deleteWebhook", new DeleteWebhookRequest(), cancellationToken);

    public Task<TgMessage> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) =>
        CallAsync<TgMessage>("sendMessage", request, cancellationToken);

    public async Task EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken)
    {
        try
        {
            // Message or True: read as JSON, the caller needs neither.
            await CallAsync<JsonElement>("editMessageText", request, cancellationToken);
        }
        catch (TelegramApiException e) when (e.IsMessageNotModified)
        {
            // The same text and buttons again: nothing to change.
        }
    }

    public Task<bool> AnswerCallbackQueryAsync(
        AnswerCallbackQueryRequest request,
        CancellationToken cancellationToken
    ) => CallAsync<bool>("answerCallbackQuery", request, cancellationToken);

    /// <summary>Calls <paramref name="method"/> with <paramref name="request"/> as its JSON parameters.</summary>
    public async Task<T> CallAsync<T>(string method, object request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(
            new Uri(options.TelegramApiUrl.AbsoluteUri + $"bot{options.TelegramToken}/{method}"),
            JsonContent.Create(request, request.GetType(), options: TelegramJson.Options),
            cancellationToken
        );
        TgResponse<T>? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<TgResponse<T>>(TelegramJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is { Ok: true })
        {
            return body.Result!;
        }

        throw new TelegramApiException(
            body?.ErrorCode ?? (int)response.StatusCode,
            body?.Description ?? response.ReasonPhrase,
            body?.Parameters?.RetryAfter,
            body?.Parameters?.MigrateToChatId
        );
    }
}
